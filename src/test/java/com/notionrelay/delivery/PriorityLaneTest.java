package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Visible effects go ahead of log pages on the one budget; log pages keep a share. */
class PriorityLaneTest {

    @TempDir
    Path dir;

    @Test
    void aWelcomeQueuedBehind100LogPagesIsDeliveredBeforeThem() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("NOTION_RATE_LIMIT", "5"); // slow enough that the log pages are a backlog when the welcome comes
            env.put("RELAY_INTAKE_RATE", "0"); // 101 events from one address at once: a load generator, not a visitor
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                StringBuilder batch = new StringBuilder("{\"events\":[");
                for (int i = 0; i < 100; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"event_id\":\"log-").append(i).append("\",\"demo_id\":\"")
                            .append(ws.demoPageId).append("\",\"action\":\"viewed\"}");
                }
                assertEquals(202, relay.post("/example/database/pages", batch.append("]}").toString()).status());
                assertEquals(202, relay.post("/example/guest_welcome", "{\"event_id\":\"hello\",\"demo_id\":\""
                        + ws.demoPageId + "\",\"action\":\"visited\",\"guest\":{\"name\":\"Ada\"}}").status());

                String appendPath = "/v1/blocks/" + ws.demoPageId + "/children";
                Eventually.await("the welcome appended", Duration.ofSeconds(30),
                        () -> ws.notion.calls("PATCH", appendPath).stream().anyMatch(c -> c.status() == 200));
                List<RecordedCall> calls = ws.notion.calls();
                int welcomeAt = calls.indexOf(ws.notion.calls("PATCH", appendPath).get(0));
                long logPagesBefore = calls.subList(0, welcomeAt).stream()
                        .filter(c -> c.method().equals("POST") && c.path().equals("/v1/pages")).count();
                assertTrue(logPagesBefore <= 10, logPagesBefore + " log pages went out before the welcome");
                assertTrue(ws.notion.children(ws.demoPageId).toString().contains("Welcome, Ada!"));

                Eventually.await("log pages keep flowing", Duration.ofSeconds(30),
                        () -> ws.notion.calls("POST", "/v1/pages").size() >= logPagesBefore + 5);
            }
        }
    }
}
