package com.notionrelay.web;

import com.notionrelay.metrics.RelayMetrics;
import spark.Service;

/** GET /metrics: the Prometheus text format, behind the admin token. */
public final class MetricsRoutes implements RouteGroup {

    private final RelayMetrics metrics;
    private final AdminGate gate;

    public MetricsRoutes(RelayMetrics metrics, AdminGate gate) {
        this.metrics = metrics;
        this.gate = gate;
    }

    @Override
    public void register(Service http) {
        http.get("/metrics", gate.tokenRequired((req, res) -> {
            res.type("text/plain; version=0.0.4; charset=utf-8");
            return metrics.scrape();
        }));
    }
}
