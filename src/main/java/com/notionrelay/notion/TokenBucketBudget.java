package com.notionrelay.notion;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resilience4j rate limiter handing out one permit every {@code 1/perSecond} seconds, plus a
 * pause that a 429's Retry-After sets for every caller. One permit per cycle keeps the worst
 * burst to two requests (end of one cycle, start of the next), while a backlog still uses every
 * cycle. A caller sleeps through a pause of at most {@code longestSleep}; a longer one is handed
 * back to it as a wait to schedule.
 */
public final class TokenBucketBudget implements RateBudget {

    /** In step with delivery's in-process retries: anything longer waits in the store. */
    public static final Duration LONGEST_SLEEP = Duration.ofSeconds(10);

    private final RateLimiter limiter;
    private final AtomicLong pausedUntilMillis = new AtomicLong();
    private final Clock clock;

    public TokenBucketBudget(double perSecond, Clock clock) {
        Duration period = Duration.ofNanos(Math.round(1_000_000_000L / perSecond));
        this.limiter = RateLimiter.of("notion", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ofMinutes(10))
                .build());
        this.clock = clock;
    }

    @Override
    public Optional<Duration> acquire() {
        try {
            long wait;
            while ((wait = pausedUntilMillis.get() - clock.millis()) > 0) {
                if (wait > LONGEST_SLEEP.toMillis()) {
                    return Optional.of(Duration.ofMillis(wait));
                }
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        limiter.acquirePermission();
        return Optional.empty();
    }

    @Override
    public void pauseFor(Duration wait) {
        long until = clock.millis() + wait.toMillis();
        pausedUntilMillis.accumulateAndGet(until, Math::max);
        limiter.drainPermissions();
    }
}
