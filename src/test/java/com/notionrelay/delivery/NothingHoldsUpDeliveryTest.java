package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's scenario: events whose demo page does not exist (a relation target missing, a
 * callout's page missing) ahead of good ones. The good ones go through at the budget's pace, the
 * bad ones are blamed on their own pages and become dead letters naming them past the maximum
 * age, and the relay then rests: no Notion request, no spinning worker.
 */
class NothingHoldsUpDeliveryTest {

    private static final int MAX_AGE_SECONDS = 20;

    @TempDir
    Path dir;

    private static String missingPage(int i) {
        return String.format("%08x-0000-4000-8000-%012x", 0xbad00000L + i, i);
    }

    @Test
    void badEventsAreBlamedOnTheirOwnPagesAndGoodOnesAreNotHeldUp() throws InterruptedException {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("NOTION_RATE_LIMIT", "10");
            env.put("RELAY_MAX_AGE", Integer.toString(MAX_AGE_SECONDS));
            ws.notion.setRateLimit(10, 10); // Notion's own bucket: the relay must never go over it
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                List<String> bad = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String id = "rel-" + i;
                    bad.add(id);
                    assertEquals(202, relay.post("/example/database/page", "{\"event_id\":\"" + id + "\",\"demo_id\":\""
                            + missingPage(i) + "\",\"action\":\"viewed\"}").status());
                }
                for (int i = 20; i < 40; i++) {
                    String id = "call-" + i;
                    bad.add(id);
                    assertEquals(202, relay.post("/example/callout", "{\"event_id\":\"" + id + "\",\"demo_id\":\""
                            + missingPage(i) + "\",\"action\":\"clicked\"}").status());
                }
                List<String> good = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String id = "good-" + i;
                    good.add(id);
                    assertEquals(202, relay.post("/example/database/page", "{\"event_id\":\"" + id + "\",\"demo_id\":\""
                            + ws.demoPageId + "\",\"action\":\"viewed\"}").status());
                }

                Eventually.await("the 30 good events delivered", Duration.ofSeconds(60),
                        () -> good.stream().allMatch(id -> status(relay, id).equals("delivered")));
                assertTrue(bad.stream().allMatch(id -> status(relay, id).equals("queued")),
                        "the good ones went through while the bad ones were still waiting, not after they died");
                assertEquals(30, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
                List<RecordedCall> refusedWrites = ws.notion.calls().stream()
                        .filter(c -> c.status() == 404 && !c.method().equals("GET")).toList();
                assertTrue(refusedWrites.size() <= 60, refusedWrites.size()
                        + " refused writes: each bad job tries at most once before it is parked on its page");
                JsonObject delivery = relay.getAsAdmin("/health").json().getAsJsonObject("delivery");
                delivery.getAsJsonArray("paused_targets").forEach(p -> assertTrue(
                        p.getAsJsonObject().get("target").getAsString().startsWith("demo page "),
                        "only the missing demo pages are paused, never the shared Interactions database: " + p));

                Eventually.await("the bad events dead after the maximum age", Duration.ofSeconds(MAX_AGE_SECONDS + 40),
                        () -> bad.stream().allMatch(id -> status(relay, id).equals("dead")));
                for (int i = 0; i < 40; i++) {
                    JsonObject s = relay.getAsAdmin("/api/events/" + bad.get(i)).json();
                    String error = s.get("last_error").getAsString();
                    assertTrue(error.contains(missingPage(i)), "names the missing page: " + error);
                    assertTrue(error.contains("maximum age"), error);
                }
                assertEquals(0, ws.notion.overRateLimitCount(), "never over Notion's own rate limit");

                Eventually.await("pauses nobody waits on are dropped", Duration.ofSeconds(20), () -> relay.getAsAdmin("/health")
                        .json().getAsJsonObject("delivery").getAsJsonArray("paused_targets").isEmpty());
                Dispatcher dispatcher = relay.relay().dispatcher().orElseThrow();
                Thread.sleep(1000); // let a probe that was already on the wire land before counting
                ws.notion.clearCalls();
                long claimsBefore = dispatcher.claimAttempts();
                Thread.sleep(8000);
                assertEquals(List.of(), ws.notion.calls(), "an idle relay sends Notion nothing");
                long claims = dispatcher.claimAttempts() - claimsBefore;
                // 4 idle workers looking at most every 5 s: a handful in 8 s; a polling spin would make thousands
                assertTrue(claims <= 16, claims + " claim attempts in an idle stretch");
            }
        }
    }

    private static String status(TestRelay relay, String eventId) {
        return relay.getAsAdmin("/api/events/" + eventId).json().get("status").getAsString();
    }
}
