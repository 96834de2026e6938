package com.notionrelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.notionrelay.app.Storage;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.ingest.IntakeGate;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import com.notionrelay.webhooks.WebhookControl;
import com.notionrelay.webhooks.WebhookTokens;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health/live and /health/ready as an orchestrator sees them. */
class HealthProbesTest {

    @TempDir
    Path dir;

    @Test
    void aRunningRelayIsLiveAndReady() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of())) {
            TestRelay.Answer live = relay.get("/health/live");
            assertEquals(200, live.status());
            assertEquals("live", live.json().get("status").getAsString());
            TestRelay.Answer ready = relay.get("/health/ready");
            assertEquals(200, ready.status());
            assertEquals("ready", ready.json().get("status").getAsString());
        }
    }

    @Test
    void notReadyWhileShuttingDownOrWhenTheDatabaseDoesNotAnswerButStillLive() {
        Storage storage = Storage.open(dir.resolve("relay.db"), Clock.systemUTC());
        IntakeGate gate = new IntakeGate();
        WebhookControl webhooks = new WebhookControl(new WebhookTokens(Optional.empty(), storage.webhookTokens,
                Clock.systemUTC()), storage.webhookDeliveries, Clock.systemUTC());
        StatusReporter reporter = new StatusReporter(storage.db, storage.jobs, storage.pauses, new DeliveryState(),
                storage.syncRuns, webhooks, Optional.empty());
        try (HttpServer http = new HttpServer(0, List.of(new HealthRoutes(reporter, new AdminToken(Optional.empty()),
                storage.db, gate)), List.of(), null, Duration.ofSeconds(30))) {
            String base = "http://127.0.0.1:" + http.port();
            assertEquals(200, get(base + "/health/ready").status());

            storage.close();
            TestRelay.Answer noDb = get(base + "/health/ready");
            assertEquals(503, noDb.status());
            assertEquals("the database does not answer", noDb.json().get("reason").getAsString());

            gate.close();
            TestRelay.Answer closing = get(base + "/health/ready");
            assertEquals(503, closing.status());
            assertEquals("shutting down", closing.json().get("reason").getAsString());
            assertEquals(200, get(base + "/health/live").status());
        }
    }

    private static TestRelay.Answer get(String url) {
        return TestRelay.call(new Request.Builder().url(url).build());
    }
}
