package com.notionrelay.sync;

import java.time.Duration;

/**
 * How the sync job behaves.
 *
 * @param overlap     an incremental pass asks for pages edited since its watermark minus this:
 *                    Notion rounds last_edited_time down to the minute, and clocks drift
 * @param fullEvery   a full pass (which also finds pages moved to the trash) at least this often
 * @param attempts    tries of one Notion call before the pass fails (it resumes at the next run)
 * @param baseWait    first wait between tries; doubles each time, a Retry-After wins when longer
 * @param maxWait     a longer Retry-After fails the pass instead of holding the lease
 * @param leaseTtl    how long the cross-process lease lasts without renewal (renewed every batch)
 */
public record SyncPolicy(Duration overlap, Duration fullEvery, int attempts, Duration baseWait, Duration maxWait,
                         Duration leaseTtl) {

    public static SyncPolicy defaults() {
        return new SyncPolicy(Duration.ofMinutes(2), Duration.ofHours(1), 4, Duration.ofMillis(250),
                Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
}
