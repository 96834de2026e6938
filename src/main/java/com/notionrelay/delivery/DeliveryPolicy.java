package com.notionrelay.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How hard delivery tries. Short waits (a few seconds) are taken in-process by resilience4j-retry;
 * anything longer is written to the job's {@code run_at}, so no thread sleeps on it and a restart
 * keeps the schedule.
 *
 * @param indexLag     how long Notion's query index may trail a write: a look-up after an ambiguous
 *                     create waits this long, and a second one as long again, before re-creating
 * @param probeSpacing least time between two probes of paused targets, whichever they are: probes
 *                     spend at most a tenth of the rate budget however many targets are paused
 */
public record DeliveryPolicy(
        int inProcessAttempts,
        Duration inProcessBaseWait,
        Duration shortWaitLimit,
        Duration backoffBase,
        Duration backoffMax,
        int maxAttempts,
        Duration maxAge,
        Duration operatorRecheck,
        Duration indexLag,
        Duration probeSpacing) {

    /** The longest a paused target waits between two probes, however long it has been broken. */
    public Duration maxProbeInterval() {
        return Duration.ofMinutes(10);
    }

    /** The share of the rate budget probes may take at most. */
    public static final double PROBE_SHARE = 0.10;

    /**
     * In-process: 3 tries, 0.5 s apart growing, for waits up to 10 s. In the store: backoff from
     * {@code backoffBase} doubling up to 30 minutes. Probes: one every {@code 1 / (10 % of rate)} seconds.
     */
    public static DeliveryPolicy of(Duration backoffBase, int maxAttempts, Duration maxAge, Duration operatorRecheck,
                                    Duration indexLag, double requestsPerSecond) {
        Duration spacing = Duration.ofMillis(Math.round(1000 / (requestsPerSecond * PROBE_SHARE)));
        return new DeliveryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(10),
                backoffBase, Duration.ofMinutes(30), maxAttempts, maxAge, operatorRecheck, indexLag, spacing);
    }

    /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
    public static Duration jittered(Duration base, Duration max, int attempt) {
        return jittered(base, max, attempt, ThreadLocalRandom.current());
    }

    static Duration jittered(Duration base, Duration max, int attempt, RandomGenerator random) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long ceiling = Math.min(cap, exp <= 0 ? cap : exp);
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }
}
