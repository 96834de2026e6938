package com.notionrelay.notion;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed Notion call as a value. {@code status} is 0 when no HTTP answer arrived.
 * {@code blame} says whose fault a failure a person must fix is (token, sharing, a missing page),
 * and {@code object} which object Notion named, when it named one.
 */
public record NotionError(
        ErrorKind kind,
        int status,
        String code,
        String message,
        Optional<Duration> retryAfter,
        Blame blame,
        Optional<NotionId> object) {

    /** An error that blames nothing a person must fix. */
    public NotionError(ErrorKind kind, int status, String code, String message, Optional<Duration> retryAfter) {
        this(kind, status, code, message, retryAfter, Blame.NONE, Optional.empty());
    }

    /** Failures a person must fix (token, sharing, a page that is missing) rather than time. */
    public boolean needsOperator() {
        return blame != Blame.NONE;
    }

    /** Notion does not know the object, or it is not shared with the integration (404). */
    public boolean objectNotFound() {
        return status == 404;
    }

    /** One line for logs, /api/events and dead letters. */
    public String describe() {
        return (status == 0 ? "" : status + " ") + code + ": " + message;
    }
}
