package com.notionrelay.notion;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resilience4j rate limiter sized to average {@code perSecond} requests, with a burst of
 * {@code floor(perSecond)} at most, plus a pause that a 429's Retry-After sets for everyone.
 */
public final class TokenBucketBudget implements RateBudget {

    private final RateLimiter limiter;
    private final AtomicLong pausedUntilMillis = new AtomicLong();
    private final Clock clock;

    public TokenBucketBudget(double perSecond, Clock clock) {
        int perPeriod = Math.max(1, (int) Math.floor(perSecond));
        Duration period = Duration.ofNanos(Math.round(perPeriod / perSecond * 1_000_000_000L));
        this.limiter = RateLimiter.of("notion", RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
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
    }
}
