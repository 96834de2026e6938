package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events accepted while Notion cannot be reached are delivered after the relay restarts. */
class RestartTest {

    @TempDir
    Path dir;

    private static String body(DemoWorkspace ws, int i) {
        return "{\"event_id\":\"r-" + i + "\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"step " + i + "\"}";
    }

    private static void assertEachEventOnce(DemoWorkspace ws, int count) {
        Set<String> ids = new HashSet<>();
        for (JsonObject p : ws.notion.pagesIn(ws.interactions.dataSourceId())) {
            ids.add(DemoWorkspace.text(p, "Event ID"));
        }
        assertEquals(count, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        assertEquals(count, ids.size());
    }

    @Test
    void eventsQueuedWhileNotionIsDownAreDeliveredAfterARestart() throws IOException {
        Path db = dir.resolve("relay.db");
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> down = new HashMap<>(ws.relayEnv());
            try (ServerSocket closed = new ServerSocket(0)) {
                down.put("NOTION_BASE_URL", "http://127.0.0.1:" + closed.getLocalPort());
            }
            try (TestRelay relay = TestRelay.start(db, down)) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(202, relay.post("/example/database/page", body(ws, i)).status());
                }
                Eventually.await("a failed attempt", Duration.ofSeconds(20),
                        () -> relay.getAsAdmin("/api/events/r-0").json().has("last_error"));
            }
            assertEquals(0, ws.notion.pages().size() - 1, "only the demo page exists while Notion was down");

            try (TestRelay relay = TestRelay.start(db, ws.relayEnv())) {
                Eventually.await("all delivered", Duration.ofSeconds(30), () -> {
                    for (int i = 0; i < 5; i++) {
                        if (!relay.get("/api/events/r-" + i).json().get("status").getAsString().equals("delivered")) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            assertEachEventOnce(ws, 5);
        }
    }

    @Test
    void eventsQueuedWithoutATokenAreDeliveredOnceATokenIsSet() {
        Path db = dir.resolve("relay.db");
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> noToken = new HashMap<>(ws.relayEnv());
            noToken.remove("NOTION_TOKEN");
            try (TestRelay relay = TestRelay.start(db, noToken)) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(202, relay.post("/example/database/page", body(ws, i)).status());
                }
                assertEquals("paused", relay.get("/health").json().getAsJsonObject("delivery").get("state").getAsString());
            }
            assertEquals(0, ws.notion.calls().size(), "no Notion call without a token");
            try (TestRelay relay = TestRelay.start(db, ws.relayEnv())) {
                Eventually.await("all delivered", Duration.ofSeconds(30),
                        () -> relay.get("/health").json().getAsJsonObject("queue").get("delivered").getAsInt() == 3);
            }
            assertEachEventOnce(ws, 3);
        }
    }
}
