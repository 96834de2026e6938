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

    /** One line for logs, /api/events and dead letters. */
    public String describe() {
        return (status == 0 ? "" : status + " ") + code + ": " + message;
    }
}
