package com.notionrelay.web;

import java.time.Duration;
import spark.Response;

/** The Retry-After every refusal that asks a caller to wait sends: whole seconds, rounded up, at least one. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** Sets the header for {@code wait} and returns the seconds it says. */
    static long set(Response res, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        res.header("Retry-After", Long.toString(seconds));
        return seconds;
    }
}
