package com.notionrelay.metrics;

import com.notionrelay.store.DeliveryLog;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Catches up with deliveries from the stored times, whenever metrics are read: each event that
 * reached Notion since the last read adds its lag (accepted → in Notion) and counts in the minute it
 * was delivered. Reading late changes nothing, since both come from stored times.
 */
final class DeliveryWatch {

    // A job's finish time is taken before its write transaction waits for the lock (up to the busy
    // timeout), so rows may appear with a time a little behind ones already read: re-read that window.
    private static final long OVERLAP_MILLIS = 30_000;

    private final DeliveryLog log;
    private final Timer lag;
    private final MinuteCounts delivered;
    private final long startMillis;
    /** Jobs already counted whose finish time is still inside the re-read window. */
    private final Map<Long, Long> counted = new HashMap<>();
    private long watermark;

    DeliveryWatch(DeliveryLog log, Timer lag, MinuteCounts delivered, long startMillis) {
        this.log = log;
        this.lag = lag;
        this.delivered = delivered;
        this.startMillis = startMillis;
        this.watermark = startMillis;
    }

    synchronized void catchUp() {
        for (DeliveryLog.Delivered d : log.deliveredSince(watermark - OVERLAP_MILLIS)) {
            // before this process started: not this process's counters (the chart starts empty too)
            if (d.deliveredAtMillis() < startMillis || counted.putIfAbsent(d.jobId(), d.deliveredAtMillis()) != null) {
                continue;
            }
            lag.record(Duration.ofMillis(Math.max(0, d.deliveredAtMillis() - d.acceptedAt().toEpochMilli())));
            delivered.add(d.deliveredAtMillis(), 1);
            watermark = Math.max(watermark, d.deliveredAtMillis());
        }
        counted.values().removeIf(at -> at < watermark - OVERLAP_MILLIS);
    }
}
