package com.notionrelay.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.ingest.IntakeGate;
import com.notionrelay.status.StatusReport;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.store.Database;
import spark.Response;
import spark.Service;

/**
 * GET /health: 200 while the database answers (delivery may be paused), 503 otherwise. Notion's
 * error texts, paused targets and dead letters' ids are for the admin token; the public see states
 * and counts only (delivery's own reason is the relay's configuration, never Notion's words, and
 * stays). For orchestrators: GET /health/live (the process answers HTTP) and GET /health/ready (the
 * database answers and the relay is not shutting down, so it can take events).
 */
public final class HealthRoutes implements RouteGroup {

    private final StatusReporter reporter;
    private final AdminToken admin;
    private final Database db;
    private final IntakeGate intake;

    public HealthRoutes(StatusReporter reporter, AdminToken admin, Database db, IntakeGate intake) {
        this.reporter = reporter;
        this.admin = admin;
        this.db = db;
        this.intake = intake;
    }

    @Override
    public void register(Service http) {
        http.get("/health", (req, res) -> {
            StatusReport r = reporter.report();
            JsonObject full = r.toJson();
            return JsonResponses.send(res, r.databaseReachable() ? 200 : 503,
                    (admin.grants(req.headers("Authorization")) ? full : publicView(full)).toString());
        });
        http.get("/health/live", (req, res) -> probe(res, 200, "live", null));
        http.get("/health/ready", (req, res) -> {
            if (!intake.isOpen()) {
                return probe(res, 503, "not_ready", "shutting down");
            }
            if (!db.isReachable()) {
                return probe(res, 503, "not_ready", "the database does not answer");
            }
            return probe(res, 200, "ready", null);
        });
    }

    private static String probe(Response res, int status, String state, String reason) {
        JsonObject o = new JsonObject();
        o.addProperty("status", state);
        if (reason != null) {
            o.addProperty("reason", reason);
        }
        return JsonResponses.send(res, status, o.toString());
    }

    /** The same report without error texts or ids: what anyone on the internet may read. */
    static JsonObject publicView(JsonObject full) {
        JsonObject o = full.deepCopy();
        JsonObject delivery = o.getAsJsonObject("delivery");
        for (JsonElement paused : delivery.getAsJsonArray("paused_targets")) {
            paused.getAsJsonObject().remove("target");
            paused.getAsJsonObject().remove("reason");
        }
        o.remove("dead_letters");
        JsonElement sync = o.get("last_sync");
        if (sync != null && sync.isJsonObject()) {
            sync.getAsJsonObject().remove("error");
        }
        return o;
    }
}
