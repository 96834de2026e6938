package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two relays started on one SQLite file: one delivers, the other stands by and takes over when it stops. */
class TwoRelaysOneFileTest {

    @TempDir
    Path dir;

    private static JsonObject delivery(TestRelay relay) {
        return relay.get("/health").json().getAsJsonObject("delivery");
    }

    private static String body(DemoWorkspace ws, String id) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
    }

    @Test
    void onlyTheLeaseHolderDeliversAndTheOtherTakesOverWhenItStops() {
        Path db = dir.resolve("relay.db");
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay second = startSecondAfterFirst(ws, db)) {
            // the first relay has stopped by now (see below); the second took over and delivers
            Eventually.await("the standby takes over", Duration.ofSeconds(10),
                    () -> delivery(second).get("state").getAsString().equals("running"));
            assertEquals(202, second.post("/example/database/page", body(ws, "t-2")).status());
            Eventually.await("t-2 delivered", Duration.ofSeconds(20),
                    () -> second.get("/api/events/t-2").json().get("status").getAsString().equals("delivered"));
            assertEquals(2, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        }
    }

    /** Starts the first relay and a second on the same file, checks who delivers, then stops the first. */
    private static TestRelay startSecondAfterFirst(DemoWorkspace ws, Path db) {
        TestRelay first = TestRelay.start(db, ws.relayEnv());
        Eventually.await("the first leads", Duration.ofSeconds(10),
                () -> delivery(first).get("state").getAsString().equals("running"));
        TestRelay second = TestRelay.start(db, ws.relayEnv());
        JsonObject standby = delivery(second);
        assertEquals("paused", standby.get("state").getAsString(), standby.toString());
        assertTrue(standby.get("reason").getAsString().contains("another relay process"), standby.toString());

        // accepted by the standby, delivered once by the holder through the shared file
        assertEquals(202, second.post("/example/database/page", body(ws, "t-1")).status());
        Eventually.await("t-1 delivered", Duration.ofSeconds(20),
                () -> first.get("/api/events/t-1").json().get("status").getAsString().equals("delivered"));
        assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        assertEquals("paused", delivery(second).get("state").getAsString());
        first.close();
        return second;
    }
}
