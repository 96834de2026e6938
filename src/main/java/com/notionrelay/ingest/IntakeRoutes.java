package com.notionrelay.ingest;

import com.google.gson.JsonObject;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.store.Inbox;
import com.notionrelay.store.JobKind;
import com.notionrelay.web.RouteGroup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The intake endpoint of a route module: check the envelope (type, size), parse and validate,
 * commit the event with its delivery jobs, then answer. Notion is never called on this path.
 */
public final class IntakeRoutes implements RouteGroup {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final String path;
    private final String routeName;
    private final List<JobKind> effects;
    private final EventParser parser;
    private final Inbox inbox;
    private final Runnable onQueued;
    private final IntakeGate gate;

    public IntakeRoutes(String path, String routeName, List<JobKind> effects, EventParser parser, Inbox inbox,
                        Runnable onQueued, IntakeGate gate) {
        this.path = path;
        this.routeName = routeName;
        this.effects = List.copyOf(effects);
        this.parser = parser;
        this.inbox = inbox;
        this.onQueued = onQueued;
        this.gate = gate;
    }

    @Override
    public void register(Service http) {
        http.post(path, this::accept);
    }

    private String accept(Request req, Response res) {
        gate.check();
        checkContentType(req.contentType());
        if (req.contentLength() > MAX_BODY_BYTES) {
            throw tooLarge(req.contentLength());
        }
        byte[] raw = req.bodyAsBytes();
        if (raw.length > MAX_BODY_BYTES) {
            throw tooLarge(raw.length);
        }
        JsonObject body = EventParser.parseObject(new String(raw, StandardCharsets.UTF_8));
        InteractionEvent event = parser.parse(body, routeName);
        Inbox.Outcome outcome = inbox.accept(event, effects);
        if (outcome == Inbox.Outcome.QUEUED) {
            onQueued.run();
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("event_id", event.eventId());
        answer.addProperty("status", outcome == Inbox.Outcome.QUEUED ? "queued" : "duplicate");
        res.status(outcome == Inbox.Outcome.QUEUED ? 202 : 200);
        res.type("application/json");
        return answer.toString();
    }

    /** JSON, or text/plain so a widget can post with sendBeacon and no CORS preflight. */
    static void checkContentType(String contentType) {
        String base = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.equals("text/plain")) {
            throw new InvalidEventException(415, "unsupported_media_type", null,
                    "Content-Type must be application/json or text/plain, got '" + (contentType == null ? "" : contentType) + "'");
        }
    }

    private static InvalidEventException tooLarge(long size) {
        return new InvalidEventException(413, "payload_too_large", null,
                "body is " + size + " bytes; the limit is " + MAX_BODY_BYTES + " bytes (1 MB)");
    }
}
