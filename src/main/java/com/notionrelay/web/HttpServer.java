package com.notionrelay.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import spark.Service;
import spark.embeddedserver.EmbeddedServers;
import spark.embeddedserver.jetty.EmbeddedJettyFactory;
import spark.embeddedserver.jetty.JettyServerFactory;

/**
 * The relay's HTTP server: one Spark instance, JSON errors everywhere. The only static Spark
 * state it touches is the registry Spark finds its Jetty factory in, under an identifier of this
 * server's own.
 */
public final class HttpServer implements AutoCloseable {

    private static final int MAX_THREADS = 128;

    private final Service http;

    /**
     * @param intakes     route modules' intake, answered ahead of Spark without a waiting thread
     *                    ({@link IntakeHandler}); their groups are registered too (the CORS preflight)
     * @param counting    counts every answer intake gives (may be null when there is no intake)
     * @param idleTimeout how long a connection may stay silent, between requests or in the middle of one
     */
    public HttpServer(int port, List<RouteGroup> groups, List<IntakeRoutes> intakes, IntakeCounting counting,
                      Duration idleTimeout) {
        this.http = Service.ignite().port(port);
        // Spark builds its Jetty server through a factory it looks up by an identifier; one of our
        // own, unique to this server, puts the intake handler in front of Spark's and sets the
        // connection's idle timeout (Spark's own is an hour).
        Object identifier = new Object();
        EmbeddedServers.add(identifier, new EmbeddedJettyFactory(
                new FrontedJetty(new IntakeHandler(intakes, counting), idleTimeout)));
        http.embeddedServerIdentifier(identifier);
        // An intake request no longer waits on its thread, but a lookup or an admin call still
        // does: the pool is sized for many waiting clients, not for the cores.
        http.threadPool(MAX_THREADS, 4, 60_000);
        // Spark's default handler exits the JVM; ours records the failure so start-up can fail cleanly.
        AtomicReference<Exception> startFailure = new AtomicReference<>();
        http.initExceptionHandler(startFailure::set);
        // Refusals name what is wrong; a store that cannot commit in time is a 503 the caller retries.
        http.exception(Exception.class, (e, req, res) -> res.body(ErrorAnswers.answer(e, req, res)));
        http.notFound((req, res) -> JsonErrors.answer(res, 404, "not_found",
                "no endpoint " + req.requestMethod() + " " + req.pathInfo(), null));
        http.internalServerError((req, res) -> JsonErrors.answer(res, 500, "internal_error",
                "the relay failed to handle this request", null));
        for (RouteGroup g : groups) {
            g.register(http);
        }
        for (RouteGroup g : intakes) {
            g.register(http);
        }
        http.awaitInitialization();
        if (startFailure.get() != null) {
            http.stop();
            throw new IllegalStateException("cannot listen on port " + port + ": " + startFailure.get().getMessage(),
                    startFailure.get());
        }
    }

    /**
     * Spark's Jetty server with {@code front} handling each request before Spark's own handler, and
     * its connectors' idle timeout set: Spark sets an hour, so a client that stops in the middle of
     * a request would keep its connection (and, on a Spark route reading the body, a thread) that long.
     */
    private record FrontedJetty(HandlerWrapper front, Duration idleTimeout) implements JettyServerFactory {
        @Override
        public Server create(int maxThreads, int minThreads, int idleTimeoutMillis) {
            return create(new QueuedThreadPool(maxThreads, minThreads, idleTimeoutMillis));
        }

        @Override
        public Server create(ThreadPool pool) {
            return new Server(pool) {
                @Override
                public void setHandler(Handler spark) {
                    front.setHandler(spark);
                    super.setHandler(front);
                }

                @Override
                public void setConnectors(Connector[] connectors) {
                    for (Connector c : connectors) {
                        if (c instanceof AbstractConnector connector) {
                            connector.setIdleTimeout(idleTimeout.toMillis());
                        }
                    }
                    super.setConnectors(connectors);
                }
            };
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
