package com.notionrelay.sync;

import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the sync's Notion reads through resilience4j-retry, a few tries for what time may fix
 * (anything but a permanent error, with a Retry-After no longer than the policy's limit), and
 * counts every failed call for the run's report. Sync only reads, so a repeated call never has
 * an effect twice.
 */
final class NotionCalls {

    interface Call<T> {
        T run() throws NotionException;
    }

    private final Retry retry;
    private final AtomicInteger failures = new AtomicInteger();

    NotionCalls(SyncPolicy policy) {
        this.retry = Retry.of("notion-sync", RetryConfig.custom()
                .maxAttempts(policy.attempts())
                .retryOnException(t -> t instanceof NotionException ne && ne.error().kind() != ErrorKind.PERMANENT
                        && ne.error().retryAfter().map(ra -> ra.compareTo(policy.maxWait()) <= 0).orElse(true))
                .intervalBiFunction((attempt, outcome) -> {
                    Duration backoff = policy.baseWait().multipliedBy(1L << Math.min(attempt - 1, 20));
                    Duration asked = outcome.isLeft() && outcome.getLeft() instanceof NotionException ne
                            ? ne.error().retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
                    return Math.max(backoff.toMillis(), asked.toMillis());
                })
                .build());
    }

    <T> T call(Call<T> call) throws NotionException {
        try {
            return Retry.decorateCheckedSupplier(retry, () -> {
                try {
                    return call.run();
                } catch (NotionException e) {
                    failures.incrementAndGet();
                    throw e;
                }
            }).get();
        } catch (NotionException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int failures() {
        return failures.get();
    }
}
