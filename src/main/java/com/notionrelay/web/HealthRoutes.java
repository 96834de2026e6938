package com.notionrelay.web;

import com.notionrelay.status.StatusReport;
import com.notionrelay.status.StatusReporter;
import spark.Service;

/** GET /health: 200 while the database answers (delivery may be paused), 503 otherwise. */
public final class HealthRoutes implements RouteGroup {

    private final StatusReporter reporter;

    public HealthRoutes(StatusReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public void register(Service http) {
        http.get("/health", (req, res) -> {
            StatusReport r = reporter.report();
            res.status(r.databaseReachable() ? 200 : 503);
            res.type("application/json");
            return r.toJson().toString();
        });
    }
}
