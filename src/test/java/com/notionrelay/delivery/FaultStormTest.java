package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.store.JobState;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1000 events while a fifth of all Notion requests fail in every way Notion fails: each event
 * becomes exactly one page, and the relay never exceeds the fake's own rate bucket. The rates are
 * scaled up from Notion's 3/s (to 20/s, on both sides) so the test runs in about a minute; the
 * 3/s figure is measured by the delivery benchmark (README).
 */
class FaultStormTest {

    private static final int EVENTS = 1000;
    private static final int RATE = 20;

    @TempDir
    Path dir;

    @Test
    void everyEventLandsExactlyOnceUnderInjectedFaultsWithinTheRateLimit() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("NOTION_RATE_LIMIT", Integer.toString(RATE));
            env.put("RELAY_INTAKE_RATE", "0"); // one load generator on one address, not a visitor
            env.put("NOTION_READ_TIMEOUT", "1");
            env.put("RELAY_DELIVERY_WORKERS", "8");
            env.put("RELAY_MAX_ATTEMPTS", "100");
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                // warm up: resolve the data source before the bucket and the faults start
                relay.post("/example/database/page", body(ws, -1));
                Eventually.await("warm-up delivered", Duration.ofSeconds(20), () -> delivered(relay) == 1);

                // Notion allows short bursts; half a second's worth here. The relay itself never sends more
                // than two back to back, but on a loaded 2-core machine the fake's own thread can stall and
                // then take a few evenly sent requests at once, which a tighter bucket would blame on the relay.
                ws.notion.setRateLimit(RATE, RATE / 2);
                ws.notion.setRandomFaults(0.2, 42L, List.of(
                        Fault.rateLimited(1),
                        Fault.status(409, "conflict_error", null),
                        Fault.status(500, "internal_server_error", null),
                        Fault.status(502, "bad_gateway", null),
                        Fault.status(503, "service_unavailable", null),
                        Fault.status(504, "gateway_timeout", null),
                        Fault.status(529, "service_overload", 1),
                        Fault.slow(Duration.ofMillis(1500)),
                        Fault.dropAfterEffect(),
                        Fault.dropBeforeEffect()));
                for (int i = 0; i < EVENTS; i++) {
                    assertEquals(202, relay.post("/example/database/page", body(ws, i)).status());
                }
                Eventually.await("all events delivered", Duration.ofMinutes(6), () -> delivered(relay) == EVENTS + 1);
                ws.notion.setRandomFaults(0, 0, List.of());

                List<JsonObject> pages = ws.notion.pagesIn(ws.interactions.dataSourceId());
                Set<String> eventIds = new HashSet<>();
                for (JsonObject p : pages) {
                    eventIds.add(DemoWorkspace.text(p, "Event ID"));
                }
                assertEquals(EVENTS + 1, pages.size(), "one page per event, no duplicates");
                assertEquals(EVENTS + 1, eventIds.size());
                assertEquals(0, ws.notion.overRateLimitCount(), "requests over the fake's own rate bucket");
                assertEquals(0L, relay.relay().storage().jobs.countsByState().get(JobState.DEAD));
            }
        }
    }

    private static long delivered(TestRelay relay) {
        return relay.relay().storage().jobs.countsByState().get(JobState.DONE);
    }

    private static String body(DemoWorkspace ws, int i) {
        return "{\"event_id\":\"storm-" + i + "\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"step " + (i % 7) + "\"}";
    }
}
