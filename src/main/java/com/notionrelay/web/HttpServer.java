package com.notionrelay.web;

import com.notionrelay.ingest.InvalidEventException;
import com.notionrelay.store.StoreBusyException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Service;

/** The relay's HTTP server: one Spark instance (no static Spark state), JSON errors everywhere. */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private static final int MAX_THREADS = 128;

    private final Service http;

    public HttpServer(int port, List<RouteGroup> groups) {
        // An intake request waits on its thread until its group is committed: the pool bounds how
        // many requests one commit can carry, so it is sized for many waiting clients, not for
        // the cores. At 32, 64 clients made groups of at most 30 and intake slower by a quarter.
        this.http = Service.ignite().port(port).threadPool(MAX_THREADS, 4, 60_000);
        // Spark's default handler exits the JVM; ours records the failure so start-up can fail cleanly.
        AtomicReference<Exception> startFailure = new AtomicReference<>();
        http.initExceptionHandler(startFailure::set);
        http.exception(InvalidEventException.class, (e, req, res) -> res.body(
                JsonErrors.answer(res, e.status(), e.code(), e.getMessage(), e.field())));
        // A store that cannot commit in time stored nothing: a 503 the caller retries, never a 500.
        http.exception(StoreBusyException.class, (e, req, res) -> {
            long seconds = RetryAfter.set(res, e.retryAfter());
            res.body(JsonErrors.answer(res, 503, "store_busy", "the relay could not store this in time ("
                    + e.getMessage() + "); nothing was stored, retry after " + seconds + " s", null));
        });
        http.exception(Exception.class, (e, req, res) -> {
            log.error("unhandled error on {} {}", req.requestMethod(), req.pathInfo(), e);
            res.body(JsonErrors.answer(res, 500, "internal_error", "the relay failed to handle this request", null));
        });
        http.notFound((req, res) -> JsonErrors.answer(res, 404, "not_found",
                "no endpoint " + req.requestMethod() + " " + req.pathInfo(), null));
        http.internalServerError((req, res) -> JsonErrors.answer(res, 500, "internal_error",
                "the relay failed to handle this request", null));
        for (RouteGroup g : groups) {
            g.register(http);
        }
        http.awaitInitialization();
        if (startFailure.get() != null) {
            http.stop();
            throw new IllegalStateException("cannot listen on port " + port + ": " + startFailure.get().getMessage(),
                    startFailure.get());
        }
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        http.awaitStop();
    }
}
