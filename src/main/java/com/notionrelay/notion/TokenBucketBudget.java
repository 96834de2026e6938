package com.notionrelay.notion;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resilience4j rate limiter handing out one permit every {@code 1/perSecond} seconds, plus a
 * pause that a 429's Retry-After sets for every caller. One permit per cycle keeps the worst
 * burst to two requests (end of one cycle, start of the next), well inside Notion's tolerance,
 * while a backlog still uses every cycle.
 */
public final class TokenBucketBudget implements RateBudget {

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
    public boolean acquire() {
        try {
            long wait;
            while ((wait = pausedUntilMillis.get() - clock.millis()) > 0) {
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return limiter.acquirePermission();
    }

    @Override
    public void pauseFor(Duration wait) {
        long until = clock.millis() + wait.toMillis();
        pausedUntilMillis.accumulateAndGet(until, Math::max);
        limiter.drainPermissions();
    }
}
