package com.notionrelay.web;

import com.notionrelay.ingest.Intake;
import com.notionrelay.ingest.InvalidEventException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.RequestResponseFactory;
import spark.Response;

/**
 * The route modules' POSTs, taken ahead of Spark so that no thread waits, for the body or for the
 * commit: the checks that need no body run on Jetty's thread ({@link IntakeRoutes#refusalBeforeBody}),
 * then the request goes asynchronous (Servlet async) and its body is read as it arrives
 * ({@link BodyReader}); once whole it is admitted and its events go to the intake writer. When the
 * writer's group commits, the request is dispatched again and answered on a Jetty thread. A parked
 * request thread and its wake-up cost intake over a quarter of its CPU, a body read on a thread let
 * clients that stop halfway hold every thread, and a Spark route cannot answer later: Spark answers
 * 404 when a route returns no body. Every other request goes on to Spark.
 */
final class IntakeHandler extends HandlerWrapper {

    /** The stored answer, or the store's error, handed from the writer to the dispatch that answers it. */
    private record Stored(Intake.Answer answer, Exception error) {
    }

    private static final String STORED = "notion-relay.intake.stored";
    /** Spark honours this header as the method; a request carrying it is left to Spark, as before. */
    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    private static final Logger log = LoggerFactory.getLogger(IntakeHandler.class);

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
        try {
            Optional<String> refusal = routes.refusalBeforeBody(request, response);
            if (refusal.isPresent()) {
                send(routes, res, refusal.get(), OptionalLong.empty());
                return;
            }
        } catch (Exception e) { // refused before anything was read
            send(routes, res, ErrorAnswers.answer(e, request, response), OptionalLong.empty());
            return;
        }
        ServletInputStream in = req.getInputStream();
        int declared = req.getContentLength();
        if (declared >= 0 && declared <= in.available()) {
            // Nearly always: the whole body came with the headers, and reading it cannot wait.
            admitAndStore(routes, req, res, request, response, in.readNBytes(declared));
            return;
        }
        AsyncContext async = startAsync(req);
        in.setReadListener(new BodyReader(routes, async, in, request, response, declared));
    }

    /**
     * Admits a whole body and hands its events to the store, which answers once they are committed.
     *
     * @return true when it was refused and answered at once
     */
    private boolean admitAndStore(IntakeRoutes routes, HttpServletRequest req, HttpServletResponse res, Request request,
                               Response response, byte[] body) throws IOException {
        CompletableFuture<Intake.Answer> answer;
        try {
            IntakeRoutes.Admission admission = routes.admit(request, response, body);
            if (admission.refusal().isPresent()) {
                send(routes, res, admission.refusal().get(), OptionalLong.empty());
                return true;
            }
            answer = routes.store(admission.checked());
        } catch (Exception e) { // refused before anything was queued
            send(routes, res, ErrorAnswers.answer(e, request, response), OptionalLong.empty());
            return true;
        }
        AsyncContext async = req.isAsyncStarted() ? req.getAsyncContext() : startAsync(req);
        answer.whenComplete((a, error) -> {
            req.setAttribute(STORED, new Stored(a, error == null ? null : cause(error)));
            async.dispatch();
        });
        return false;
    }

    private static AsyncContext startAsync(HttpServletRequest req) {
        AsyncContext async = req.startAsync();
        // No container timeout: the writer completes everything it was given, and answers "busy"
        // for what waited in its queue past the commit timeout. A body that stops arriving ends
        // with the connection's idle timeout (BodyReader.onError).
        async.setTimeout(0);
        return async;
    }

    /**
     * Reads an intake body as it arrives, with no thread waiting for it (a client that sends part of
     * a body and stops would otherwise hold a server thread, and a few hundred such clients all of
     * them), then admits and stores the events.
     */
    private final class BodyReader implements ReadListener {
        /** Most bytes of a declared body allocated before they arrive. */
        private static final int PREALLOCATED_MAX = 16 * 1024;

        private final IntakeRoutes routes;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final Request request;
        private final Response response;
        private final ByteArrayOutputStream body;
        private final byte[] chunk;
        /** Answered, or handed to the store: nothing more to read. */
        private boolean finished;

        BodyReader(IntakeRoutes routes, AsyncContext async, ServletInputStream in, Request request, Response response,
                   int contentLength) {
            this.routes = routes;
            this.async = async;
            this.in = in;
            this.request = request;
            this.response = response;
            // Room for a small declared body at once; a larger one (up to the limit, checked before)
            // or a chunked one grows as bytes arrive, so a client that declares a megabyte and sends
            // nothing costs no megabyte.
            this.body = new ByteArrayOutputStream(contentLength >= 0 ? Math.min(contentLength, PREALLOCATED_MAX) : 8192);
            this.chunk = new byte[contentLength > 0 ? Math.min(contentLength, 8192) : 8192];
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                body.write(chunk, 0, n);
                if (body.size() > IntakeRoutes.MAX_BODY_BYTES) { // a chunked body: no length was checked before
                    answerNow(ErrorAnswers.answer(IntakeRoutes.readPastTheLimit(), request, response));
                }
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            boolean refused = true;
            try {
                refused = admitAndStore(routes, (HttpServletRequest) async.getRequest(),
                        (HttpServletResponse) async.getResponse(), request, response, body.toByteArray());
            } finally {
                if (refused) {
                    async.complete();
                }
            }
        }

        /** The body stopped arriving (the connection's idle timeout) or could not be read. */
        @Override
        public void onError(Throwable t) {
            if (finished) {
                return;
            }
            InvalidEventException failure = t instanceof TimeoutException
                    ? new InvalidEventException(408, "request_timeout", null, "the body stopped arriving: " + t.getMessage())
                    : IntakeRoutes.unreadable(t);
            try {
                answerNow(ErrorAnswers.answer(failure, request, response));
            } catch (IOException | RuntimeException e) {
                log.debug("answering an intake request whose body failed: {}", e.getMessage()); // the client has gone
            }
        }

        private void answerNow(String body) throws IOException {
            finished = true;
            try {
                send(routes, (HttpServletResponse) async.getResponse(), body, OptionalLong.empty());
            } finally {
                async.complete();
            }
        }
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
