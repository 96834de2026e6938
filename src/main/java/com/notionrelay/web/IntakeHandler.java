package com.notionrelay.web;

import com.notionrelay.ingest.Intake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import spark.Request;
import spark.RequestResponseFactory;
import spark.Response;

/**
 * The route modules' POSTs, taken ahead of Spark so that no thread waits for the commit: a request
 * is checked on Jetty's thread ({@link IntakeRoutes#admit}), its events go to the intake writer,
 * and the thread returns to Jetty (Servlet async). When the writer's group commits, the request is
 * dispatched again and answered on a Jetty thread. A parked request thread and its wake-up cost
 * intake over a quarter of its CPU, and a Spark route cannot answer later: Spark answers 404 when a
 * route returns no body. Every other request goes on to Spark.
 */
final class IntakeHandler extends HandlerWrapper {

    /** The stored answer, or the store's error, handed from the writer to the dispatch that answers it. */
    private record Stored(Intake.Answer answer, Exception error) {
    }

    private static final String STORED = "notion-relay.intake.stored";
    /** Spark honours this header as the method; a request carrying it is left to Spark, as before. */
    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    private final Map<String, IntakeRoutes> byPath;
    private final IntakeCounting counting;

    IntakeHandler(List<IntakeRoutes> intakes, IntakeCounting counting) {
        this.byPath = intakes.stream().collect(Collectors.toUnmodifiableMap(IntakeRoutes::path, Function.identity()));
        this.counting = counting;
    }

    @Override
    public void handle(String target, org.eclipse.jetty.server.Request base, HttpServletRequest req, HttpServletResponse res)
            throws IOException, javax.servlet.ServletException {
        IntakeRoutes routes = "POST".equals(req.getMethod()) && req.getHeader(METHOD_OVERRIDE) == null
                ? byPath.get(req.getPathInfo()) : null;
        if (routes == null) {
            super.handle(target, base, req, res);
            return;
        }
        base.setHandled(true);
        Request request = RequestResponseFactory.create(req);
        Response response = RequestResponseFactory.create(res);
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
            Stored stored = (Stored) req.getAttribute(STORED);
            if (stored.error() != null) {
                send(routes, res, ErrorAnswers.answer(stored.error(), request, response), OptionalLong.empty());
            } else {
                Intake.Answer a = stored.answer();
                send(routes, res, JsonResponses.send(response, a.status(), a.body().toString()), OptionalLong.of(a.queued()));
            }
            return;
        }
        CompletableFuture<Intake.Answer> answer;
        try {
            IntakeRoutes.Admission admission = routes.admit(request, response);
            if (admission.refusal().isPresent()) {
                send(routes, res, admission.refusal().get(), OptionalLong.empty());
                return;
            }
            answer = routes.store(admission.checked());
        } catch (Exception e) { // refused before anything was queued
            send(routes, res, ErrorAnswers.answer(e, request, response), OptionalLong.empty());
            return;
        }
        AsyncContext async = req.startAsync();
        // No container timeout: the writer completes everything it was given, and answers "busy"
        // for what waited in its queue past the commit timeout.
        async.setTimeout(0);
        answer.whenComplete((a, error) -> {
            req.setAttribute(STORED, new Stored(a, error == null ? null : cause(error)));
            async.dispatch();
        });
    }

    /** Writes the body whose status and headers are set, and counts the answer. */
    private void send(IntakeRoutes routes, HttpServletResponse res, String body, OptionalLong queued) throws IOException {
        res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        counting.count(routes.route(), res.getStatus(), body, queued);
    }

    private static Exception cause(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof Exception e ? e : new IllegalStateException(t);
    }
}
