package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notion's query index trails writes, and 30 % of creates take effect but lose their answer:
 * the "did it land?" look-up waits out the lag and looks twice, so every event gets exactly one page.
 */
class IndexLagTest {

    @TempDir
    Path dir;

    @Test
    void droppedCreatesUnderIndexLagMakeExactlyOnePageEach() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            ws.notion.setIndexLag(Duration.ofSeconds(2));
            ws.notion.setRandomFaults(0.3, 8, List.of(Fault.dropAfterEffect().on("POST", "/v1/pages")));
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_INDEX_LAG", "2");
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                for (int i = 0; i < 60; i++) {
                    assertEquals(202, relay.post("/example/database/page", "{\"event_id\":\"lag-" + i + "\",\"demo_id\":\""
                            + ws.demoPageId + "\",\"action\":\"viewed\"}").status());
                }
                Eventually.await("60 events delivered", Duration.ofSeconds(120), () -> IntStream.range(0, 60)
                        .allMatch(i -> relay.getAsAdmin("/api/events/lag-" + i).json().get("status").getAsString().equals("delivered")));
                List<JsonObject> pages = ws.notion.pagesIn(ws.interactions.dataSourceId());
                Map<String, Long> perEvent = pages.stream()
                        .collect(Collectors.groupingBy(p -> DemoWorkspace.text(p, "Event ID"), Collectors.counting()));
                assertEquals(60, perEvent.size());
                assertEquals(60, pages.size(), "exactly one page per event: " + perEvent);
                long dropped = ws.notion.calls("POST", "/v1/pages").stream().filter(c -> c.status() == 0).count();
                assertEquals(true, dropped >= 5, dropped + " creates lost their answer: the test exercised the check");
            }
        }
    }
}
