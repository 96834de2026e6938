package com.notionrelay.sync;

import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the sync's Notion reads with a few in-process retries of what time may fix (transient,
 * rate-limited), and counts every failed call for the run's report. Sync only reads, so a
 * repeated call never has an effect twice.
 */
final class NotionCalls {

    interface Call<T> {
        T run() throws NotionException;
    }

    private final SyncPolicy policy;
    private final AtomicInteger failures = new AtomicInteger();

    NotionCalls(SyncPolicy policy) {
        this.policy = policy;
    }

    <T> T call(Call<T> call) throws NotionException {
        Duration wait = policy.baseWait();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (NotionException e) {
                failures.incrementAndGet();
                NotionError error = e.error();
                Duration next = error.retryAfter().filter(ra -> ra.compareTo(policy.baseWait()) > 0).orElse(wait);
                boolean worthRetrying = switch (error.kind()) {
                    case TRANSIENT, AMBIGUOUS, RATE_LIMITED -> true;
                    case PERMANENT -> false;
                };
                if (!worthRetrying || attempt >= policy.attempts() || next.compareTo(policy.maxWait()) > 0) {
                    throw e;
                }
                sleep(next);
                wait = wait.multipliedBy(2);
            }
        }
    }

    int failures() {
        return failures.get();
    }

    private static void sleep(Duration d) throws NotionException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotionException(new NotionError(ErrorKind.TRANSIENT, 0, "interrupted",
                    "sync stopped while waiting to retry", Optional.empty(), false));
        }
    }
}
