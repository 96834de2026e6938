package com.notionrelay.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.notionrelay.metrics.IntakeMeter;
import java.util.Map;
import java.util.Optional;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Counts intake from outside the intake handler: after every request a route module's handler
 * took ({@link #reached}), the answer's status and body (the contract's shapes) say how many events
 * were new, or which error refused the request. Runs after errors too, so every refusal is counted.
 * A stored request's count comes from the handler ({@link #queued}) rather than from parsing its
 * answer again. One filter for every path, not one per module: Spark matches each path-bound
 * filter against every request by splitting both paths, which cost more than the counting.
 */
public final class IntakeCounting implements RouteGroup {

    private static final String REACHED = "notion-relay.intake.path";
    private static final String QUEUED = "notion-relay.intake.queued";

    private final Map<String, String> routeByPath;
    private final IntakeMeter meter;

    /** @param routeByPath each route module's path and its name (the {@code route} label) */
    public IntakeCounting(Map<String, String> routeByPath, IntakeMeter meter) {
        this.routeByPath = Map.copyOf(routeByPath);
        this.meter = meter;
    }

    @Override
    public void register(Service http) {
        http.afterAfter((req, res) -> {
            Object path = req.attribute(REACHED);
            String route = path == null ? null : routeByPath.get(path);
            if (route != null) {
                count(route, req, res);
            }
        });
    }

    /** Marks a request as taken by the intake handler of the module on {@code path}, before anything can refuse it. */
    static void reached(Request req, String path) {
        req.attribute(REACHED, path);
    }

    /**
     * Lets the intake handler say how many events it queued, so a stored request's answer need not
     * be parsed again here; refusals (rare) are still read from their answer.
     */
    static void queued(Request req, long count) {
        req.attribute(QUEUED, count);
    }

    private void count(String route, Request req, Response res) {
        int status = res.status();
        Object queued = req.attribute(QUEUED);
        if (status < 400 && queued instanceof Long n) {
            if (status == 202) {
                meter.accepted(route, n);
            }
            return;
        }
        JsonObject body = parse(res.body());
        if (status >= 400) {
            meter.rejected(route, errorCode(body).orElse("http_" + status));
        } else if (status == 202 && body != null) {
            // a batch answers {"queued": n, …}; one event {"status": "queued"}
            meter.accepted(route, body.has("queued") ? body.get("queued").getAsLong()
                    : "queued".equals(string(body, "status")) ? 1 : 0);
        }
    }

    private static Optional<String> errorCode(JsonObject body) {
        if (body == null || !body.has("error") || !body.get("error").isJsonObject()) {
            return Optional.empty();
        }
        return Optional.ofNullable(string(body.getAsJsonObject("error"), "code"));
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }
}
