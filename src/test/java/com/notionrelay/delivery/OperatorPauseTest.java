package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database not shared with the integration pauses delivery with a fix to apply, then resumes by itself. */
class OperatorPauseTest {

    @TempDir
    Path dir;

    @Test
    void notSharedPausesWithoutBurningAttemptsAndResumesWhenAProbeSucceeds() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            // Notion answers 404 to the write and to the first two probes: the database is "not shared" for a while.
            ws.notion.enqueueFault(Fault.status(404, "object_not_found", null).on("POST", "/v1/pages"));
            ws.notion.enqueueFault(Fault.status(404, "object_not_found", null).on("GET", "/v1/data_sources"));
            ws.notion.enqueueFault(Fault.status(404, "object_not_found", null).on("GET", "/v1/data_sources"));

            String body = "{\"event_id\":\"p-1\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
            assertEquals(202, relay.post("/example/database/page", body).status());

            Eventually.await("delivery degraded", Duration.ofSeconds(10), () ->
                    relay.get("/health").json().getAsJsonObject("delivery").get("state").getAsString().equals("degraded"));
            JsonObject delivery = relay.getAsAdmin("/health").json().getAsJsonObject("delivery");
            JsonObject paused = delivery.getAsJsonArray("paused_targets").get(0).getAsJsonObject();
            assertEquals("interactions database", paused.get("target").getAsString());
            assertTrue(paused.get("reason").getAsString().contains("share the Interactions database"), paused.toString());
            JsonObject status = relay.get("/api/events/p-1").json();
            assertEquals("queued", status.get("status").getAsString());
            assertEquals(0, status.get("attempts").getAsInt(), "an operator error does not burn attempts");

            Eventually.await("delivered after the pause lifted", Duration.ofSeconds(20),
                    () -> relay.get("/api/events/p-1").json().get("status").getAsString().equals("delivered"));
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
            assertEquals("running", relay.get("/health").json().getAsJsonObject("delivery").get("state").getAsString());
            assertEquals(3, ws.notion.calls("GET", "/v1/data_sources").size(), "two failed probes, one that worked");
        }
    }

    @Test
    void manyUnknownDemoPagesAreProbedWithinATenthOfTheRateBudget() throws InterruptedException {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("NOTION_RATE_LIMIT", "10"); // a tenth: one probe a second
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
            for (int i = 0; i < 10; i++) {
                String unknownDemo = String.format("%032x", 0xdead0000L + i);
                assertEquals(202, relay.post("/example/callout", "{\"event_id\":\"u-" + i + "\",\"demo_id\":\""
                        + unknownDemo + "\",\"action\":\"clicked\"}").status());
            }
            Eventually.await("ten demo pages paused", Duration.ofSeconds(20), () -> relay.get("/health").json()
                    .getAsJsonObject("delivery").getAsJsonArray("paused_targets").size() == 10);
            int before = ws.notion.calls("GET", "/v1/pages/").size();
            Thread.sleep(4000);
            int probes = ws.notion.calls("GET", "/v1/pages/").size() - before;
            assertTrue(probes <= 5, probes + " probes in 4 s: at most one a second, whatever the number of targets");
            }
        }
    }
}
