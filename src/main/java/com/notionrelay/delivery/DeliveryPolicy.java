package com.notionrelay.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard delivery tries. Short waits (a few seconds) are taken in-process by resilience4j-retry;
 * anything longer is written to the job's {@code run_at}, so no thread sleeps on it and a restart
 * keeps the schedule.
 */
public record DeliveryPolicy(
        int inProcessAttempts,
        Duration inProcessBaseWait,
        Duration shortWaitLimit,
        Duration backoffBase,
        Duration backoffMax,
        int maxAttempts,
        Duration maxAge,
        Duration operatorRecheck) {

    /**
     * In-process: 3 tries, 0.5 s apart growing, for waits up to 10 s. In the store: backoff from
     * {@code backoffBase} doubling up to 30 minutes.
     */
    public static DeliveryPolicy of(Duration backoffBase, int maxAttempts, Duration maxAge, Duration operatorRecheck) {
        return new DeliveryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(10),
                backoffBase, Duration.ofMinutes(30), maxAttempts, maxAge, operatorRecheck);
    }

    /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
    public static Duration jittered(Duration base, Duration max, int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long ceiling = Math.min(cap, exp <= 0 ? cap : exp);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Wait before the job's next attempt, written to run_at. */
    public Duration backoffAfter(int attempts) {
        return jittered(backoffBase, backoffMax, attempts);
    }
}
