package com.notionrelay.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.store.JobState;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics: valid for promtool, and its counts match what was posted, stored and sent, exactly. */
class MetricsTest {

    private static final String ADMIN = "metrics-test-admin-token";

    @TempDir
    Path dir;

    @Test
    void countsIntakeDeliveryNotionCallsAndSyncRunsExactlyAndPassesPromtool() throws Exception {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            String demo = ws.demoPageId;
            for (int i = 1; i <= 3; i++) {
                assertEquals(202, relay.post("/example/database/page", event("m-" + i, demo)).status());
            }
            assertEquals(200, relay.post("/example/database/page", event("m-1", demo)).status(), "a duplicate");
            assertEquals(202, relay.post("/example/database/pages",
                    "{\"events\":[" + event("m-4", demo) + "," + event("m-5", demo) + "," + event("m-1", demo) + "]}").status());
            assertEquals(422, relay.post("/example/database/page", "{\"demo_id\":\"" + demo + "\"}").status());
            assertEquals(422, relay.post("/example/database/page", "{\"demo_id\":\"" + demo + "\"}").status());
            assertEquals(415, relay.post("/example/database/page", event("m-6", demo), "application/xml").status());
            assertEquals(200, relay.post("/webhooks/notion", "{\"verification_token\":\"secret_m\"}").status());
            assertEquals(401, relay.post("/webhooks/notion", "{\"id\":\"d-1\",\"type\":\"page.created\"}").status());

            Eventually.await("five events delivered", Duration.ofSeconds(20), () -> List.of("m-1", "m-2", "m-3", "m-4", "m-5")
                    .stream().allMatch(id -> relay.get("/api/events/" + id).json().get("status").getAsString().equals("delivered")));
            assertTrue(relay.relay().sync().orElseThrow().run(false).ok());

            String text = scrape(relay);
            promtool(text);
            assertEquals(3.0, value(text, "relay_events_accepted_total", "route=\"database-page\""));
            assertEquals(2.0, value(text, "relay_events_accepted_total", "route=\"database-pages\""));
            assertEquals(2.0, value(text, "relay_events_rejected_total", "code=\"invalid_field\",route=\"database-page\""));
            assertEquals(1.0, value(text, "relay_events_rejected_total", "code=\"unsupported_media_type\",route=\"database-page\""));

            Map<JobState, Long> jobs = relay.relay().storage().jobs.countsByState();
            assertEquals(5L, jobs.get(JobState.DONE));
            for (JobState s : JobState.values()) {
                assertEquals((double) jobs.get(s), value(text, "relay_jobs", "state=\"" + s.dbName() + "\""), s.name());
            }
            assertEquals(5.0, value(text, "relay_delivery_lag_seconds_count", null));
            // every outcome: on a loaded machine a slow answer may time out (no_response) and still have landed
            assertEquals(ws.notion.calls("POST", "/v1/pages").stream().filter(c -> c.path().equals("/v1/pages")).count(),
                    (long) sum(text, "relay_notion_requests_total{operation=\"POST /v1/pages\","));
            assertTrue(value(text, "relay_notion_request_seconds_count", "operation=\"POST /v1/pages\",outcome=\"ok\"") >= 5);
            assertEquals(1.0, value(text, "relay_sync_runs_total", "outcome=\"ok\""));
            assertEquals(0.0, value(text, "relay_sync_runs_total", "outcome=\"failed\""));
            assertEquals(1.0, value(text, "relay_webhook_deliveries_total", "outcome=\"stored\",type=\"handshake\""));
            assertEquals(1.0, value(text, "relay_webhook_deliveries_total", "outcome=\"missing_signature\",type=\"unverified\""));
            assertTrue(text.contains("\njvm_memory_used_bytes{"), "JVM meters");
            assertTrue(text.contains("\nprocess_uptime_seconds "), "process meters");

            RelayMetrics.Chart chart = relay.relay().metrics().chart();
            assertEquals(5L, chart.accepted().stream().mapToLong(Long::longValue).sum());
            assertEquals(5L, chart.delivered().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void aNotionFailureIsCountedByItsHttpOutcome() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            ws.notion.enqueueFault(com.notionrelay.fake.Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
            assertEquals(202, relay.post("/example/database/page", event("f-1", ws.demoPageId)).status());
            Eventually.await("dead", Duration.ofSeconds(10),
                    () -> relay.get("/api/events/f-1").json().get("status").getAsString().equals("dead"));
            String text = scrape(relay);
            assertEquals(1.0, value(text, "relay_notion_requests_total", "operation=\"POST /v1/pages\",outcome=\"client_error\""));
            assertEquals(1.0, value(text, "relay_jobs", "state=\"dead\""));
            assertEquals(0.0, value(text, "relay_delivery_lag_seconds_count", null));
        }
    }

    @Test
    void metricsNeedTheAdminToken() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            assertEquals(401, relay.get("/metrics").status());
            assertEquals(401, TestRelay.call(new Request.Builder().url(relay.baseUrl() + "/metrics")
                    .header("Authorization", "Bearer not-it").build()).status());
        }
    }

    static Map<String, String> env(DemoWorkspace ws) {
        Map<String, String> env = new HashMap<>(ws.relayEnv());
        env.put("RELAY_ADMIN_TOKEN", ADMIN);
        return env;
    }

    static String event(String id, String demo) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + demo + "\",\"action\":\"viewed\"}";
    }

    static String scrape(TestRelay relay) {
        TestRelay.Answer a = TestRelay.call(new Request.Builder().url(relay.baseUrl() + "/metrics")
                .header("Authorization", "Bearer " + ADMIN).build());
        assertEquals(200, a.status(), a.body());
        return a.body();
    }

    /** The sample's value; {@code labels} as Prometheus prints them (sorted by name), or null for none. */
    static double value(String text, String name, String labels) {
        String prefix = labels == null ? name + " " : name + "{" + labels + "} ";
        Optional<String> line = text.lines().filter(l -> l.startsWith(prefix)).findFirst();
        assertTrue(line.isPresent(), "no sample " + prefix + " in:\n" + text.lines()
                .filter(l -> l.startsWith(name)).reduce("", (a, b) -> a + b + "\n"));
        return Double.parseDouble(line.get().substring(prefix.length()).trim());
    }

    /** The sum of every sample whose line starts with {@code prefix}. */
    static double sum(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Debian's promtool (installed by .ci/run) lints the exposition; any complaint fails the test. */
    static void promtool(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
        assertEquals("", out.trim(), "promtool check metrics: " + out);
    }
}
