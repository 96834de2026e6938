package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.fake.Fault;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes to one demo page land in the order the events were accepted, even when the first one fails for a while. */
class DemoPageOrderTest {

    @TempDir
    Path dir;

    @Test
    void aNewerPropertyUpdateIsNotOverwrittenByAnOlderOneRetriedLater() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            String demoPath = "/v1/pages/" + ws.demoPageId;
            for (int i = 0; i < 3; i++) { // the first update fails past its in-process retries
                ws.notion.enqueueFault(Fault.status(503, "service_unavailable", null).on("PATCH", demoPath));
            }
            String base = "{\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"%s\",\"event_id\":\"%s\","
                    + "\"occurred_at\":\"%s\",\"properties\":{\"viewing\":%s}}";
            assertEquals(202, relay.post("/example/property_injections",
                    base.formatted("opened", "o-1", "2026-11-22T10:00:00Z", "true")).status());
            assertEquals(202, relay.post("/example/property_injections",
                    base.formatted("closed", "o-2", "2026-11-22T10:01:00Z", "false")).status());

            Eventually.await("both delivered", Duration.ofSeconds(20), () ->
                    relay.get("/api/events/o-1").json().get("status").getAsString().equals("delivered")
                            && relay.get("/api/events/o-2").json().get("status").getAsString().equals("delivered"));
            List<RecordedCall> applied = ws.notion.calls("PATCH", demoPath).stream().filter(c -> c.status() == 200).toList();
            // either one after the other, or (when the newer one was already waiting) one PATCH carrying the newer values
            assertTrue(applied.size() == 1 || applied.size() == 2, applied.size() + " PATCHes");
            assertTrue(applied.get(applied.size() - 1).body().contains("\"checkbox\":false"), "the newer value last");
            assertEquals("false", DemoWorkspace.text(ws.notion.page(ws.demoPageId).orElseThrow(), "Viewing"));
            assertTrue(DemoWorkspace.text(ws.notion.page(ws.demoPageId).orElseThrow(), "Last viewed").startsWith("2026-11-22T10:01"));
        }
    }
}
