package com.notionrelay.web.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.notionrelay.ingest.InvalidEventException;
import com.notionrelay.metrics.RelayMetrics;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.store.EventListing;
import com.notionrelay.sync.SyncJob;
import com.notionrelay.sync.SyncOutcome;
import com.notionrelay.web.AdminGate;
import com.notionrelay.web.JsonErrors;
import com.notionrelay.web.JsonResponses;
import com.notionrelay.web.RouteGroup;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * The JSON API under /admin/api/ that the admin page uses (and scripts may): every call needs the
 * admin token. Each answer is built from operations the command line and /health already use.
 */
public final class AdminApi implements RouteGroup {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final StatusReporter status;
    private final EventListing events;
    private final QueueActions queue;
    private final Optional<SyncJob> sync;
    private final WebhookTokens webhook;
    private final RelayMetrics metrics;
    private final AdminGate gate;

    public AdminApi(StatusReporter status, EventListing events, QueueActions queue, Optional<SyncJob> sync,
                    WebhookTokens webhook, RelayMetrics metrics, AdminGate gate) {
        this.status = status;
        this.events = events;
        this.queue = queue;
        this.sync = sync;
        this.webhook = webhook;
        this.metrics = metrics;
        this.gate = gate;
    }

    @Override
    public void register(Service http) {
        http.get("/admin/api/overview", api((req, res) -> json(res, 200, overview())));
        http.get("/admin/api/events", api(this::events));
        http.post("/admin/api/replay", api(this::replay));
        http.post("/admin/api/targets/resume", api(this::resume));
        http.post("/admin/api/sync", api(this::syncNow));
        http.get("/admin/api/webhook", api((req, res) -> json(res, 200, webhookState("true".equals(req.queryParams("reveal"))))));
        http.post("/admin/api/webhook/reset", api((req, res) -> {
            WebhookTokens.Reset r = webhook.reset();
            return r.done() ? json(res, 200, webhookState(false))
                    : JsonErrors.answer(res, 409, "cannot_reset", r.message(), null);
        }));
    }

    /** An admin API route: behind the token, and never cached (answers carry tokens and event data). */
    private Route api(Route route) {
        return gate.tokenRequired((req, res) -> {
            res.header("Cache-Control", "no-store");
            return route.handle(req, res);
        });
    }

    /** What /health shows, plus the webhook token, whether sync can run, and the per-minute chart. */
    private JsonObject overview() {
        JsonObject o = status.report().toJson();
        o.add("webhook", webhookState(false));
        JsonObject s = new JsonObject();
        s.addProperty("available", sync.isPresent());
        o.add("sync", s);
        RelayMetrics.Chart chart = metrics.chart();
        JsonObject c = new JsonObject();
        c.addProperty("first_minute", chart.firstMinute().toString());
        c.addProperty("step_seconds", 60);
        c.add("accepted", longs(chart.accepted()));
        c.add("delivered", longs(chart.delivered()));
        o.add("chart", c);
        return o;
    }

    private String events(Request req, Response res) {
        Optional<String> state = param(req, "status");
        if (state.isPresent() && !EventListing.STATUSES.contains(state.get())) {
            return JsonErrors.answer(res, 422, "invalid_field", "status must be one of "
                    + String.join(", ", EventListing.STATUSES) + ", got '" + state.get() + "'", "status");
        }
        Optional<Long> limit = param(req, "limit").map(AdminApi::wholeNumber);
        if (limit.isPresent() && (limit.get() < 1 || limit.get() > MAX_LIMIT)) {
            return JsonErrors.answer(res, 422, "invalid_field", "limit must be a whole number from 1 to "
                    + MAX_LIMIT + ", got '" + req.queryParams("limit") + "'", "limit");
        }
        Optional<Long> cursor = param(req, "cursor").map(AdminApi::wholeNumber);
        if (cursor.isPresent() && cursor.get() < 1) {
            return JsonErrors.answer(res, 422, "invalid_field", "cursor must be a next_cursor from an earlier answer, "
                    + "got '" + req.queryParams("cursor") + "'", "cursor");
        }
        EventListing.Page page = events.page(state, limit.map(Long::intValue).orElse(DEFAULT_LIMIT), cursor);
        JsonArray list = new JsonArray();
        for (EventListing.Row r : page.rows()) {
            JsonObject e = new JsonObject();
            e.addProperty("event_id", r.eventId());
            e.addProperty("status", r.status());
            e.addProperty("route", r.route());
            e.addProperty("demo_id", r.demoId());
            e.addProperty("action", r.action());
            e.addProperty("received_at", r.receivedAt());
            e.addProperty("attempts", r.attempts());
            e.addProperty("last_error", r.lastError());
            e.addProperty("notion_page_id", r.notionPageId());
            list.add(e);
        }
        JsonObject o = new JsonObject();
        o.add("events", list);
        o.addProperty("next_cursor", page.nextCursor().map(String::valueOf).orElse(null));
        return json(res, 200, o);
    }

    private String replay(Request req, Response res) {
        Optional<JsonObject> body = body(req, Set.of("event_id"));
        Optional<String> eventId = body.flatMap(b -> stringField(b, "event_id"));
        if (body.isPresent() && body.get().has("event_id") && eventId.isEmpty()) {
            return JsonErrors.answer(res, 422, "invalid_field", "event_id must be a non-empty string", "event_id");
        }
        Optional<Integer> replayed = queue.replay(eventId);
        if (replayed.isEmpty()) {
            return JsonErrors.answer(res, 404, "not_found", "no event with id " + eventId.orElseThrow(), "event_id");
        }
        JsonObject o = new JsonObject();
        o.addProperty("replayed", replayed.get());
        eventId.ifPresent(id -> o.addProperty("event_id", id));
        return json(res, 200, o);
    }

    private String resume(Request req, Response res) {
        Optional<JsonObject> body = body(req, Set.of("target"));
        Optional<String> target = body.flatMap(b -> stringField(b, "target"));
        if (target.isEmpty()) {
            return JsonErrors.answer(res, 422, "invalid_field",
                    "target is required: a paused target as the overview lists it", "target");
        }
        if (!queue.probeNow(target.get())) {
            return JsonErrors.answer(res, 404, "not_found", "the " + target.get() + " is not paused", "target");
        }
        JsonObject o = new JsonObject();
        o.addProperty("target", target.get());
        o.addProperty("probe", "due now: delivery resumes once the target answers");
        return json(res, 202, o);
    }

    /** Runs one sync pass and answers with how it went (the request waits for it). */
    private String syncNow(Request req, Response res) {
        if (sync.isEmpty()) {
            return JsonErrors.answer(res, 409, "sync_off", "sync is off: set NOTION_TOKEN and at least one of "
                    + "NOTION_DEMOS_DB, NOTION_INTERACTIONS_DB, RELAY_SYNC_SOURCES", null);
        }
        SyncOutcome outcome = sync.get().run(false);
        JsonObject o = new JsonObject();
        o.addProperty("result", outcome.result().name().toLowerCase(Locale.ROOT));
        o.addProperty("message", outcome.message());
        outcome.run().ifPresent(r -> o.add("run", r.toJson()));
        return json(res, 200, o);
    }

    private JsonObject webhookState(boolean reveal) {
        WebhookTokens.State s = webhook.state();
        JsonObject o = new JsonObject();
        o.addProperty("state", s.set() ? "set" : "not_set");
        o.addProperty("source", s.source());
        o.addProperty("resettable", s.resettable());
        if (reveal) {
            o.addProperty("token", webhook.reveal().orElse(null));
        }
        return o;
    }

    /** The request's JSON object, empty for no body; a bad one is refused (400, or 422 naming the field). */
    private static Optional<JsonObject> body(Request req, Set<String> known) {
        String raw = req.body();
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(raw);
        } catch (JsonParseException e) {
            throw new InvalidEventException(400, "invalid_json", null, "the body is not JSON: expected an object "
                    + "such as {\"" + known.iterator().next() + "\": \"…\"}");
        }
        if (!parsed.isJsonObject()) {
            throw new InvalidEventException(400, "invalid_json", null, "the body must be a JSON object");
        }
        for (String key : parsed.getAsJsonObject().keySet()) {
            if (!known.contains(key)) {
                throw new InvalidEventException(422, "invalid_field", key, key + " is not a known field; expected "
                        + String.join(", ", known));
            }
        }
        return Optional.of(parsed.getAsJsonObject());
    }

    private static Optional<String> stringField(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(e.getAsString());
    }

    private static Optional<String> param(Request req, String name) {
        String v = req.queryParams(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** A whole number, or -1 for anything else (the caller names the parameter in its error). */
    private static long wholeNumber(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonArray longs(List<Long> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String json(Response res, int status, JsonObject body) {
        return JsonResponses.send(res, status, body.toString());
    }
}
