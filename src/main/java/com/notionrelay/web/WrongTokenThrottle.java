package com.notionrelay.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows down guessing the admin token: each client may present {@value #BURST} wrong tokens at once,
 * then one more every {@code 60 / }{@value #PER_MINUTE} seconds; past that every attempt from it
 * (right or wrong) waits. One Bucket4j bucket per client, kept in a bounded Caffeine cache that forgets
 * quiet clients, so a flood of addresses cannot fill the heap.
 */
public final class WrongTokenThrottle {

    static final int BURST = 10;
    static final int PER_MINUTE = 10;

    private final Cache<String, Bucket> clients = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(15))
            .build();

    /** How long this client must wait before its next attempt, or empty when it may try now. */
    public Optional<Duration> waitFor(String client) {
        Bucket bucket = clients.getIfPresent(client);
        if (bucket == null) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Records one wrong token from this client. */
    public void failed(String client) {
        clients.get(client, c -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(BURST).refillGreedy(PER_MINUTE, Duration.ofMinutes(1)).build())
                .build()).tryConsume(1);
    }
}
