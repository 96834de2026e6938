package com.notionrelay.web;

import com.notionrelay.ingest.InvalidEventException;
import com.notionrelay.store.StoreBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;

/**
 * What a request that failed with an exception is answered, for Spark's routes and for
 * {@link IntakeHandler} alike: a refusal naming what is wrong, a 503 the caller retries when the
 * store could not commit in time (nothing was stored), or a 500.
 */
final class ErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {
    }

    /** Sets the status and headers on {@code res} and returns the body. */
    static String answer(Exception e, Request req, Response res) {
        if (e instanceof InvalidEventException invalid) {
            return JsonErrors.answer(res, invalid.status(), invalid.code(), invalid.getMessage(), invalid.field());
        }
        if (e instanceof StoreBusyException busy) {
            long seconds = RetryAfter.set(res, busy.retryAfter());
            return JsonErrors.answer(res, 503, "store_busy", "the relay could not store this in time ("
                    + busy.getMessage() + "); nothing was stored, retry after " + seconds + " s", null);
        }
        log.error("unhandled error on {} {}", req.requestMethod(), req.pathInfo(), e);
        return JsonErrors.answer(res, 500, "internal_error", "the relay failed to handle this request", null);
    }
}
