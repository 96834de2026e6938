package com.notionrelay.store;

import java.time.Duration;

/**
 * The write could not be committed in time (the write lock stayed taken, the intake queue was
 * full, or the store is closing) and nothing of it was stored: the caller may try again after
 * {@link #retryAfter()}.
 */
public final class StoreBusyException extends StoreException {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public StoreBusyException(String message) {
        super(message, null);
    }

    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }

    public Duration retryAfter() {
        return RETRY_AFTER;
    }

    /** True for SQLite's SQLITE_BUSY (5), whatever its extended code. */
    static boolean isBusy(java.sql.SQLException e) {
        return (e.getErrorCode() & 0xff) == 5;
    }
}
