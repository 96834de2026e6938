package com.notionrelay.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code RELAY_INTAKE_RATE} / {@code RELAY_INTAKE_BURST}: one Bucket4j token bucket per client
 * address, an event a token. Buckets live in a Caffeine cache: one idle long enough to have
 * refilled is dropped (a new one is the same), and the cache is bounded, so a million addresses
 * cannot fill the heap (an evicted busy client just starts again from a full bucket).
 */
public final class IntakeLimiter {

    static final long MAX_CLIENTS = 50_000;

    private final double rate;
    private final int burst;
    private final Optional<Cache<String, Bucket>> buckets;

    /** @param rate events per second a client may post; 0 (or a burst of 0) turns the limit off */
    public IntakeLimiter(double rate, int burst) {
        this.rate = rate;
        this.burst = burst;
        boolean off = rate <= 0 || burst <= 0;
        Duration refilled = Duration.ofMillis(Math.max(60_000, (long) Math.ceil(burst / Math.max(rate, 1e-9) * 1000)));
        this.buckets = off ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .expireAfterAccess(refilled).maximumSize(MAX_CLIENTS).build());
    }

    /**
     * Takes {@code events} tokens (at most a full bucket, so a batch is never refused forever).
     * Empty when allowed; otherwise how long until they are there.
     */
    public Optional<Duration> take(String client, int events) {
        if (buckets.isEmpty() || events <= 0) {
            return Optional.empty();
        }
        Bucket bucket = buckets.get().get(client, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(Math.min(events, burst));
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket newBucket() {
        Duration perToken = Duration.ofNanos(Math.max(1, (long) (1_000_000_000L / rate)));
        return Bucket.builder().addLimit(limit -> limit.capacity(burst).refillGreedy(1, perToken)).build();
    }
}
