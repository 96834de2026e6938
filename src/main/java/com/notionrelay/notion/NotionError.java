package com.notionrelay.notion;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed Notion call as a value. {@code status} is 0 when no HTTP answer arrived.
 * {@code needsOperator} marks failures a person must fix (token, sharing) rather than time.
 */
public record NotionError(
        ErrorKind kind,
        int status,
        String code,
        String message,
        Optional<Duration> retryAfter,
        boolean needsOperator) {

    /** Notion does not know the object, or it is not shared with the integration (404). */
    public boolean objectNotFound() {
        return status == 404;
    }

    /** One line for logs, /api/events and dead letters. */
    public String describe() {
        return (status == 0 ? "" : status + " ") + code + ": " + message;
    }
}
