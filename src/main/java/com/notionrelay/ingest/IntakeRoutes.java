package com.notionrelay.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.route.EventContext;
import com.notionrelay.route.InvalidValueException;
import com.notionrelay.route.RouteModule;
import com.notionrelay.store.EventPlan;
import com.notionrelay.store.Inbox;
import com.notionrelay.web.RouteGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The intake endpoint of one route module: check the envelope (type, size), read the body (a
 * native event, a batch of them, or an automation body), validate every event against the
 * module, commit them with their delivery jobs, then answer. Notion is never called on this path.
 */
public final class IntakeRoutes implements RouteGroup {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final RouteModule module;
    private final EventParser parser;
    private final AutomationKey automationKey;
    private final Inbox inbox;
    private final Runnable onQueued;
    private final IntakeGate gate;

    public IntakeRoutes(RouteModule module, EventParser parser, AutomationKey automationKey, Inbox inbox,
                        Runnable onQueued, IntakeGate gate) {
        this.module = module;
        this.parser = parser;
        this.automationKey = automationKey;
        this.inbox = inbox;
        this.onQueued = onQueued;
        this.gate = gate;
    }

    @Override
    public void register(Service http) {
        http.post(module.path(), this::accept);
    }

    private String accept(Request req, Response res) {
        gate.check();
        checkContentType(req.contentType());
        if (req.contentLength() > MAX_BODY_BYTES) {
            throw tooLarge("is " + req.contentLength() + " bytes");
        }
        byte[] raw = readAtMost(req, MAX_BODY_BYTES);
        JsonObject body = EventParser.parseObject(new String(raw, StandardCharsets.UTF_8));
        List<EventPlan> plans;
        boolean batch = false;
        if (AutomationBody.isAutomation(body)) {
            automationKey.check(req.headers(AutomationKey.HEADER));
            plans = List.of(plan(AutomationBody.toNative(body, module.automation())));
        } else if (module.maxBatch() > 0) {
            batch = true;
            plans = batchPlans(body);
        } else {
            plans = List.of(plan(body));
        }
        List<Inbox.Outcome> outcomes = inbox.acceptAll(plans);
        boolean anyQueued = outcomes.contains(Inbox.Outcome.QUEUED);
        if (anyQueued) {
            onQueued.run();
        }
        res.status(anyQueued ? 202 : 200);
        res.type("application/json");
        if (!batch) {
            return answer(plans.get(0), outcomes.get(0)).toString();
        }
        JsonArray events = new JsonArray();
        for (int i = 0; i < plans.size(); i++) {
            events.add(answer(plans.get(i), outcomes.get(i)));
        }
        JsonObject answer = new JsonObject();
        answer.add("events", events);
        answer.addProperty("queued", outcomes.stream().filter(o -> o == Inbox.Outcome.QUEUED).count());
        answer.addProperty("duplicate", outcomes.stream().filter(o -> o == Inbox.Outcome.DUPLICATE).count());
        return answer.toString();
    }

    /** {@code {"events": [...]}}: every item is checked before any is stored, so the batch is all or nothing. */
    private List<EventPlan> batchPlans(JsonObject body) {
        for (String key : body.keySet()) {
            if (!key.equals("events")) {
                throw InvalidEventException.field(key, "is not a known field; a batch is {\"events\": [event, …]}");
            }
        }
        JsonElement items = body.get("events");
        if (items == null || !items.isJsonArray() || items.getAsJsonArray().isEmpty()) {
            throw InvalidEventException.field("events", "must be a non-empty list of events");
        }
        JsonArray list = items.getAsJsonArray();
        if (list.size() > module.maxBatch()) {
            throw InvalidEventException.field("events", "may hold at most " + module.maxBatch() + " events (got " + list.size() + ")");
        }
        List<EventPlan> plans = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "events[" + i + "]";
            if (!list.get(i).isJsonObject()) {
                throw InvalidEventException.field(at, "must be an event object");
            }
            try {
                plans.add(plan(list.get(i).getAsJsonObject()));
            } catch (InvalidEventException e) {
                throw new InvalidEventException(e.status(), e.code(), e.field() == null ? at : at + "." + e.field(),
                        at + ": " + e.getMessage());
            }
        }
        return plans;
    }

    /** Validates one native event against the parser and the module, and says which jobs it gets. */
    private EventPlan plan(JsonObject nativeEvent) {
        InteractionEvent event = parser.parse(nativeEvent, module.name());
        JsonObject context = EventContext.of(event);
        try {
            module.check(context);
        } catch (InvalidValueException e) {
            throw new InvalidEventException(422, "invalid_field", e.field(), e.getMessage());
        }
        Optional<EventPlan.FirstVisit> firstVisit = module.firstVisitJob().map(job ->
                new EventPlan.FirstVisit(module.firstVisit().orElseThrow().guestKey(context).orElseThrow(), job));
        return new EventPlan(event, module.jobsForEveryEvent(), firstVisit);
    }

    private static JsonObject answer(EventPlan plan, Inbox.Outcome outcome) {
        JsonObject answer = new JsonObject();
        answer.addProperty("event_id", plan.event().eventId());
        answer.addProperty("status", outcome == Inbox.Outcome.QUEUED ? "queued" : "duplicate");
        return answer;
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
     * whole first would let one request fill the heap.
     */
    private static byte[] readAtMost(Request req, int max) {
        byte[] raw;
        try {
            raw = req.raw().getInputStream().readNBytes(max + 1);
        } catch (IOException e) {
            throw new InvalidEventException(400, "unreadable_body", null, "the body could not be read: " + e.getMessage());
        }
        if (raw.length > max) {
            throw tooLarge("is more than " + max + " bytes");
        }
        return raw;
    }

    private static InvalidEventException tooLarge(String size) {
        return new InvalidEventException(413, "payload_too_large", null,
                "body " + size + "; the limit is " + MAX_BODY_BYTES + " bytes (1 MB)");
    }
}
