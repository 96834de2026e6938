package com.notionrelay.web;

import com.notionrelay.ingest.AutomationKey;
import com.notionrelay.ingest.Intake;
import com.notionrelay.ingest.InvalidEventException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The HTTP side of one route module's intake: the browser origin, the client's rate, the
 * envelope (type, size), then {@link Intake} checks; each refusal stores nothing. The POST itself
 * is taken by {@link IntakeHandler}, which stores what this admits without holding a thread.
 */
public final class IntakeRoutes implements RouteGroup {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** What a POST gets before anything is stored: a refusal already set on the response, or events to store. */
    record Admission(Optional<String> refusal, Intake.Checked checked) {
        static Admission refused(String body) {
            return new Admission(Optional.of(body), null);
        }
    }

    private final Intake intake;
    private final OriginPolicy origins;
    private final ClientAddress clients;
    private final IntakeLimiter limiter;

    public IntakeRoutes(Intake intake, OriginPolicy origins, ClientAddress clients, IntakeLimiter limiter) {
        this.intake = intake;
        this.origins = origins;
        this.clients = clients;
        this.limiter = limiter;
    }

    /** Only the CORS preflight goes through Spark; the POST is {@link IntakeHandler}'s. */
    @Override
    public void register(Service http) {
        origins.preflight(http, path(), "POST");
    }

    String path() {
        return intake.module().path();
    }

    /** The route module's name: the {@code route} label intake is counted under. */
    String route() {
        return intake.module().name();
    }

    /**
     * The checks before the body is read: the browser origin, the client's first token (so a flood
     * costs little), the type and the declared size. The body is read only after these pass.
     *
     * @return a refusal already set on the response, or empty to go on reading the body
     * @throws com.notionrelay.ingest.InvalidEventException naming what is wrong with the request
     */
    Optional<String> refusalBeforeBody(Request req, Response res) {
        if (origins.refuses(req)) {
            return Optional.of(OriginPolicy.refusal(req, res));
        }
        origins.allowReading(req, res);
        Optional<Duration> wait = limiter.take(clients.of(req), 1);
        if (wait.isPresent()) {
            return Optional.of(rateLimited(res, wait.get()));
        }
        checkContentType(req.contentType());
        if (req.contentLength() > MAX_BODY_BYTES) {
            throw tooLarge("is " + req.contentLength() + " bytes");
        }
        return Optional.empty();
    }

    /**
     * Everything else before storing, once the body has been read: the {@link Intake} checks, and
     * the client's tokens for the rest of a batch.
     *
     * @throws com.notionrelay.ingest.InvalidEventException naming what is wrong with the request
     */
    Admission admit(Request req, Response res, byte[] body) {
        Intake.Checked checked = intake.check(body, req.headers(AutomationKey.HEADER));
        Optional<Duration> wait = limiter.take(clients.of(req), checked.plans().size() - 1);
        if (wait.isPresent()) {
            return Admission.refused(rateLimited(res, wait.get()));
        }
        return new Admission(Optional.empty(), checked);
    }

    /** Hands admitted events to the store; the answer completes once they are committed. */
    CompletableFuture<Intake.Answer> store(Intake.Checked checked) {
        return intake.store(checked);
    }

    private static String rateLimited(Response res, Duration wait) {
        long seconds = RetryAfter.set(res, wait);
        return JsonErrors.answer(res, 429, "rate_limited", "too many events from this client (RELAY_INTAKE_RATE); retry in "
                + seconds + " s", null);
    }

    /** JSON, or text/plain so a widget can post with sendBeacon and no CORS preflight. */
    static void checkContentType(String contentType) {
        String base = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.equals("text/plain")) {
            throw new InvalidEventException(415, "unsupported_media_type", null,
                    "Content-Type must be application/json or text/plain, got '" + (contentType == null ? "" : contentType) + "'");
        }
    }

    /**
     * Reads one byte past the limit at most: a chunked upload has no Content-Length, and reading it
     * whole first would let one request fill the heap. A declared length (within the limit, checked
     * before) is read as it is, into one array of its size.
     */
    public static byte[] readAtMost(Request req) {
        byte[] raw;
        int declared = req.contentLength();
        try {
            raw = req.raw().getInputStream().readNBytes(declared >= 0 && declared <= MAX_BODY_BYTES ? declared : MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (raw.length > MAX_BODY_BYTES) {
            throw readPastTheLimit();
        }
        return raw;
    }

    static InvalidEventException unreadable(Throwable cause) {
        return new InvalidEventException(400, "unreadable_body", null, "the body could not be read: " + cause.getMessage());
    }

    /** A body of unknown length that went on past the limit. */
    static InvalidEventException readPastTheLimit() {
        return tooLarge("is more than " + MAX_BODY_BYTES + " bytes");
    }

    private static InvalidEventException tooLarge(String size) {
        return new InvalidEventException(413, "payload_too_large", null,
                "body " + size + "; the limit is " + MAX_BODY_BYTES + " bytes (1 MB)");
    }
}
