package com.notionrelay.fake;

/**
 * Token bucket like Notion's per-integration limit (about 3 requests/s with short bursts).
 * Runs on the monotonic clock, not the fake's timestamp clock: rate limiting is about real
 * elapsed time between requests. Callers hold the fake's lock.
 */
final class RateBucket {
    private double perSecond;
    private int burst;
    private double tokens;
    private long lastNanos;

    /** perSecond <= 0 switches the bucket off. */
    void configure(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.lastNanos = System.nanoTime();
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Takes a token; false when the request is over the limit. */
    boolean tryAcquire() {
        if (!enabled()) return true;
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whole seconds until a token is available again (Notion sends whole seconds, at least 1). */
    int retryAfterSeconds() {
        return (int) Math.max(1, Math.ceil((1 - tokens) / perSecond));
    }
}
