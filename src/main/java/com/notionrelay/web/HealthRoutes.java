package com.notionrelay.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.status.StatusReport;
import com.notionrelay.status.StatusReporter;
import spark.Service;

/**
 * GET /health: 200 while the database answers (delivery may be paused), 503 otherwise. Notion's
 * error texts, paused targets and dead letters' ids are for the admin token; the public see states
 * and counts only
 * (delivery's own reason is the relay's configuration, never Notion's words, and stays).
 */
public final class HealthRoutes implements RouteGroup {

    private final StatusReporter reporter;
    private final AdminToken admin;

    public HealthRoutes(StatusReporter reporter, AdminToken admin) {
        this.reporter = reporter;
        this.admin = admin;
    }

    @Override
    public void register(Service http) {
        http.get("/health", (req, res) -> {
            StatusReport r = reporter.report();
            res.status(r.databaseReachable() ? 200 : 503);
            res.type("application/json");
            JsonObject full = r.toJson();
            return (admin.grants(req.headers("Authorization")) ? full : publicView(full)).toString();
        });
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
