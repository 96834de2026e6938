package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replayed old property update does not overwrite what a newer one already set. */
class ReplayOrderTest {

    @TempDir
    Path dir;

    @Test
    void anOldPropertyUpdateReplayedDoesNotOverwriteANewerOne() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            String demoPath = "/v1/pages/" + ws.demoPageId;
            ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("PATCH", demoPath));
            String body = "{\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"%s\",\"event_id\":\"%s\","
                    + "\"occurred_at\":\"%s\",\"properties\":{\"viewing\":%s}}";
            assertEquals(202, relay.post("/example/property_injections",
                    body.formatted("opened", "old", "2026-11-22T10:00:00Z", "true")).status());
            Eventually.await("the old update dead", Duration.ofSeconds(10), () -> status(relay, "old").equals("dead"));
            assertEquals(202, relay.post("/example/property_injections",
                    body.formatted("closed", "new", "2026-11-22T10:01:00Z", "false")).status());
            Eventually.await("the new update delivered", Duration.ofSeconds(10), () -> status(relay, "new").equals("delivered"));

            assertEquals(1, relay.relay().storage().jobs.replayDead("old", System.currentTimeMillis()));
            relay.relay().dispatcher().orElseThrow().wake();
            Eventually.await("the replayed update delivered", Duration.ofSeconds(10),
                    () -> status(relay, "old").equals("delivered"));

            assertEquals("false", DemoWorkspace.text(ws.notion.page(ws.demoPageId).orElseThrow(), "Viewing"),
                    "the newer value stands");
            assertTrue(DemoWorkspace.text(ws.notion.page(ws.demoPageId).orElseThrow(), "Last viewed").startsWith("2026-11-22T10:01"));
            assertEquals(1, ws.notion.calls("PATCH", demoPath).stream().filter(c -> c.status() == 200).count(),
                    "every property the old update sets has a newer value: nothing is written for it");
        }
    }

    @Test
    void aReplayedUpdateStillWritesWhatNoNewerOneSet() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            String demoPath = "/v1/pages/" + ws.demoPageId;
            ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("PATCH", demoPath));
            assertEquals(202, relay.post("/example/property_injections", "{\"demo_id\":\"" + ws.demoPageId
                    + "\",\"action\":\"opened\",\"event_id\":\"old\",\"occurred_at\":\"2026-11-22T10:00:00Z\","
                    + "\"guest\":{\"name\":\"Ada\"}}").status());
            Eventually.await("the old update dead", Duration.ofSeconds(10), () -> status(relay, "old").equals("dead"));
            assertEquals(202, relay.post("/example/property_injections", "{\"demo_id\":\"" + ws.demoPageId
                    + "\",\"action\":\"closed\",\"event_id\":\"new\",\"occurred_at\":\"2026-11-22T10:01:00Z\","
                    + "\"properties\":{\"viewing\":false}}").status());
            Eventually.await("the new update delivered", Duration.ofSeconds(10), () -> status(relay, "new").equals("delivered"));

            relay.relay().storage().jobs.replayDead("old", System.currentTimeMillis());
            relay.relay().dispatcher().orElseThrow().wake();
            Eventually.await("the replayed update delivered", Duration.ofSeconds(10),
                    () -> status(relay, "old").equals("delivered"));
            var page = ws.notion.page(ws.demoPageId).orElseThrow();
            assertEquals("false", DemoWorkspace.text(page, "Viewing"));
            assertTrue(DemoWorkspace.text(page, "Last viewed").startsWith("2026-11-22T10:01"));
            assertEquals("Ada", DemoWorkspace.text(page, "Current viewer"), "only the old update set the viewer");
        }
    }

    private static String status(TestRelay relay, String eventId) {
        return relay.getAsAdmin("/api/events/" + eventId).json().get("status").getAsString();
    }
}
