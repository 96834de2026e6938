package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay on a random port against the fake Notion, from HTTP intake to a page in Notion. */
class EndToEndTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final DemoWorkspace ws = new DemoWorkspace();

    @AfterEach
    void closeNotion() {
        ws.close();
    }

    private String event(String id, String action) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + ws.demoPageId.replace("-", "") + "\",\"action\":\"" + action
                + "\",\"session_id\":\"s-1\",\"guest\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                + "\"occurred_at\":\"2026-11-22T10:15:00Z\",\"properties\":{\"plan\":\"team\"}}";
    }

    private static String status(TestRelay relay, String id) {
        TestRelay.Answer a = relay.get("/api/events/" + id);
        return a.status() == 200 ? a.json().get("status").getAsString() : "missing";
    }

    @Test
    void anEventBecomesExactlyOneInteractionsPageWithItsProperties() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            TestRelay.Answer a = relay.post("/example/database/page", event("evt-1", "viewed pricing"));
            assertEquals(202, a.status(), a.body());
            Eventually.await("evt-1 delivered", LIMIT, () -> status(relay, "evt-1").equals("delivered"));

            List<JsonObject> pages = ws.notion.pagesIn(ws.interactions.dataSourceId());
            assertEquals(1, pages.size());
            JsonObject page = pages.get(0);
            assertEquals("viewed pricing", DemoWorkspace.text(page, "Name"));
            assertEquals("evt-1", DemoWorkspace.text(page, "Event ID"));
            assertEquals("viewed pricing", DemoWorkspace.text(page, "Action"));
            assertEquals("database-page", DemoWorkspace.text(page, "Route"));
            assertEquals("s-1", DemoWorkspace.text(page, "Session"));
            assertEquals("Ada", DemoWorkspace.text(page, "Guest"));
            assertEquals("ada@example.com", DemoWorkspace.text(page, "Guest email"));
            assertTrue(DemoWorkspace.text(page, "Occurred at").startsWith("2026-11-22T10:15"));
            JsonArray demo = page.getAsJsonObject("properties").getAsJsonObject("Demo").getAsJsonArray("relation");
            assertEquals(ws.demoPageId, demo.get(0).getAsJsonObject().get("id").getAsString());
            JsonObject payload = JsonParser.parseString(DemoWorkspace.text(page, "Payload")).getAsJsonObject();
            assertEquals("team", payload.getAsJsonObject("properties").get("plan").getAsString());

            JsonObject status = relay.getAsAdmin("/api/events/evt-1").json();
            assertEquals(page.get("id").getAsString(), status.get("notion_page_id").getAsString());
            assertEquals(1, status.get("attempts").getAsInt());

            // the two-way relation shows on the demo's side too, and our write went into the cache
            JsonObject demoPage = ws.notion.page(ws.demoPageId).orElseThrow();
            assertEquals(page.get("id").getAsString(), demoPage.getAsJsonObject("properties").getAsJsonObject("Interactions")
                    .getAsJsonArray("relation").get(0).getAsJsonObject().get("id").getAsString());
            assertTrue(relay.relay().storage().pages.find(page.get("id").getAsString()).isPresent());

            // the database id was resolved to its data source once and remembered
            assertEquals(ws.interactions.dataSourceId(),
                    relay.relay().storage().targets.dataSourceFor(ws.interactions.databaseId()).orElseThrow());
            assertEquals(1, ws.notion.calls("GET", "/v1/databases/").size());
            assertEquals("running", relay.get("/health").json().getAsJsonObject("delivery").get("state").getAsString());
        }
    }

    @Test
    void aDemoNeverSyncedStillListsTheInteractionsTheRelayWrote() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            assertEquals(202, relay.post("/example/database/page", event("evt-1", "opened")).status());
            Eventually.await("delivered", LIMIT, () -> status(relay, "evt-1").equals("delivered"));
            assertTrue(relay.relay().storage().pages.find(ws.demoPageId).isEmpty(), "no sync ran: the demo is not cached");

            JsonObject listed = relay.get("/api/demos/" + ws.demoPageId + "/interactions").json();
            assertEquals(1, listed.getAsJsonArray("results").size(), listed.toString());
            assertEquals(relay.getAsAdmin("/api/events/evt-1").json().get("notion_page_id").getAsString(),
                    listed.getAsJsonArray("results").get(0).getAsJsonObject().get("id").getAsString());
            assertTrue(listed.getAsJsonObject("freshness").get("page_synced_at").isJsonNull());

            TestRelay.Answer unknown = relay.get("/api/demos/" + "ab".repeat(16) + "/interactions");
            assertEquals(404, unknown.status(), unknown.body());
        }
    }

    @Test
    void aDataSourceIdIsAcceptedAsGiven() {
        Map<String, String> env = new HashMap<>(ws.relayEnv());
        env.put("NOTION_INTERACTIONS_DB", ws.interactions.dataSourceId());
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
            assertEquals(202, relay.post("/example/database/page", event("evt-ds", "clicked")).status());
            Eventually.await("delivered", LIMIT, () -> status(relay, "evt-ds").equals("delivered"));
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        }
    }

    @Test
    void aTransientFailureIsRetriedAndAnAmbiguousOneIsNotDuplicated() {
        ws.notion.enqueueFault(Fault.status(503, "service_unavailable", null).on("POST", "/v1/pages"));
        ws.notion.enqueueFault(Fault.dropAfterEffect().on("POST", "/v1/pages"));
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            assertEquals(202, relay.post("/example/database/page", event("evt-f", "clicked")).status());
            Eventually.await("delivered", LIMIT, () -> status(relay, "evt-f").equals("delivered"));
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
            assertEquals(ws.notion.pagesIn(ws.interactions.dataSourceId()).get(0).get("id").getAsString(),
                    relay.getAsAdmin("/api/events/evt-f").json().get("notion_page_id").getAsString());
        }
    }

    @Test
    void aValidationErrorDeadLettersTheEventWithItsError() {
        ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            assertEquals(202, relay.post("/example/database/page", event("evt-bad", "clicked")).status());
            Eventually.await("dead", LIMIT, () -> status(relay, "evt-bad").equals("dead"));
            JsonObject s = relay.getAsAdmin("/api/events/evt-bad").json();
            assertTrue(s.get("last_error").getAsString().contains("validation_error"), s.toString());
            assertEquals(0, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        }
    }
}
