package com.notionrelay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notion automation bodies and their key; a seventh module written only as a file; Notion limits at intake. */
class AutomationAndCustomRoutesTest {

    private static final String SECRET = "s3cret-automation-key";

    @TempDir
    Path dir;
    final DemoWorkspace ws = new DemoWorkspace();

    @AfterEach
    void closeNotion() {
        ws.close();
    }

    private TestRelay start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(ws.relayEnv());
        env.putAll(extra);
        return TestRelay.start(dir.resolve("relay.db"), env);
    }

    private String automationBody(String eventId) {
        return "{\"source\":{\"type\":\"automation\",\"automation_id\":\"auto-1\",\"action_id\":\"act-1\",\"event_id\":\""
                + eventId + "\",\"attempt\":1},\"data\":{\"object\":\"page\",\"id\":\"" + ws.demoPageId + "\","
                + "\"properties\":{\"Name\":{\"id\":\"title\",\"type\":\"title\",\"title\":[{\"type\":\"text\","
                + "\"text\":{\"content\":\"Onboarding tour\"},\"plain_text\":\"Onboarding tour\"}]},"
                + "\"Action\":{\"id\":\"a\",\"type\":\"select\",\"select\":{\"name\":\"status changed\"}},"
                + "\"Guest\":{\"id\":\"g\",\"type\":\"rich_text\",\"rich_text\":[{\"type\":\"text\",\"text\":{\"content\":\"Grace\"},"
                + "\"plain_text\":\"Grace\"}]},"
                + "\"Guest email\":{\"id\":\"e\",\"type\":\"email\",\"email\":\"grace@example.com\"}}}}";
    }

    private static void assertRefused(int status, String code, TestRelay.Answer a) {
        assertEquals(status, a.status(), a.body());
        assertEquals(code, a.json().getAsJsonObject("error").get("code").getAsString(), a.body());
    }

    @Test
    void automationBodiesWithoutTheRightKeyAreRefusedAndNothingIsStored() {
        try (TestRelay relay = start(Map.of("RELAY_WEBHOOK_SECRET", SECRET))) {
            assertRefused(401, "missing_api_key", relay.post("/example/callout", automationBody("n-1")));
            assertRefused(403, "invalid_api_key", relay.post("/example/callout", automationBody("n-1"), Map.of("X-API-Key", "guess")));
            assertRefused(403, "invalid_api_key", relay.post("/example/callout", automationBody("n-1"),
                    Map.of("X-API-Key", SECRET + "x")));
            assertEquals(0, relay.storedEvents());
        }
        try (TestRelay relay = start(Map.of())) {
            TestRelay.Answer a = relay.post("/example/callout", automationBody("n-1"), Map.of("X-API-Key", SECRET));
            assertRefused(403, "automation_disabled", a);
            assertTrue(a.json().getAsJsonObject("error").get("message").getAsString().contains("RELAY_WEBHOOK_SECRET is not set"));
            assertEquals(0, relay.storedEvents());
        }
        assertTrue(ws.notion.calls().isEmpty());
    }

    @Test
    void anAutomationBodyBecomesAnEventKeyedBySourceAndMappedFromThePage() {
        try (TestRelay relay = start(Map.of("RELAY_WEBHOOK_SECRET", SECRET))) {
            TestRelay.Answer a = relay.post("/example/guest_welcome", automationBody("n-2"), Map.of("X-API-Key", SECRET));
            assertEquals(202, a.status(), a.body());
            assertEquals("automation:n-2:act-1", a.json().get("event_id").getAsString());
            ModulesEndToEndTest.awaitDelivered(relay, "automation:n-2:act-1");

            TestRelay.Answer again = relay.post("/example/guest_welcome", automationBody("n-2"), Map.of("X-API-Key", SECRET));
            assertEquals(200, again.status());
            assertEquals("duplicate", again.json().get("status").getAsString());
        }
        List<JsonObject> pages = ws.notion.pagesIn(ws.interactions.dataSourceId());
        assertEquals(1, pages.size());
        JsonObject page = pages.get(0);
        assertEquals("status changed", DemoWorkspace.text(page, "Name"));
        assertEquals("Grace", DemoWorkspace.text(page, "Guest"));
        assertEquals("grace@example.com", DemoWorkspace.text(page, "Guest email"));
        assertEquals("guest-welcome", DemoWorkspace.text(page, "Route"));
        assertEquals(ws.demoPageId, page.getAsJsonObject("properties").getAsJsonObject("Demo").getAsJsonArray("relation")
                .get(0).getAsJsonObject().get("id").getAsString(), "the page the automation ran on is the demo");
        assertEquals(1, ws.notion.children(ws.demoPageId).size(), "Grace's first visit got a welcome");
    }

    @Test
    void aSeventhModuleWithItsOwnMappingNeedsOnlyAFile() throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("visit-log.json"), """
                {"name": "visit-log", "path": "/example/visit_log",
                 "fields": {"properties.page": {"type": "string", "required": true, "max_length": 80}},
                 "interaction_page": {"key_property": "Event ID", "properties": {
                   "Name": {"type": "title", "value": "{{guest.name|Someone}} read {{properties.page}}"},
                   "Event ID": {"type": "rich_text", "value": "{{event_id}}"},
                   "Route": {"type": "select", "value": "{{route}}"},
                   "Demo": {"type": "relation", "value": "{{demo_id}}"}}},
                 "effect": {"type": "demo_properties", "properties": {
                   "Viewing": {"type": "checkbox", "value": "false"},
                   "Current viewer": {"type": "rich_text", "value": "{{guest.email|anonymous}}"}}}}
                """);
        try (TestRelay relay = start(Map.of("RELAY_ROUTES_DIR", routes.toString()))) {
            assertEquals(422, relay.post("/example/callout", "{}").status(), "the shipped modules run beside it");
            TestRelay.Answer missing = relay.post("/example/visit_log", "{\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"read\"}");
            assertEquals(422, missing.status());
            assertEquals("properties.page", missing.json().getAsJsonObject("error").get("field").getAsString());

            TestRelay.Answer a = relay.post("/example/visit_log", "{\"event_id\":\"v-1\",\"demo_id\":\"" + ws.demoPageId
                    + "\",\"action\":\"read\",\"guest\":{\"name\":\"Lin\"},\"properties\":{\"page\":\"Pricing\"}}");
            assertEquals(202, a.status(), a.body());
            ModulesEndToEndTest.awaitDelivered(relay, "v-1");
        }
        JsonObject created = JsonParser.parseString(ws.notion.calls("POST", "/v1/pages").get(0).body()).getAsJsonObject();
        assertEquals(JsonParser.parseString("{\"Name\":{\"title\":[{\"type\":\"text\",\"text\":{\"content\":\"Lin read Pricing\"}}]},"
                + "\"Event ID\":{\"rich_text\":[{\"type\":\"text\",\"text\":{\"content\":\"v-1\"}}]},"
                + "\"Route\":{\"select\":{\"name\":\"visit-log\"}},\"Demo\":{\"relation\":[{\"id\":\"" + ws.demoPageId + "\"}]}}"),
                created.getAsJsonObject("properties"));
        assertEquals(JsonParser.parseString("{\"properties\":{\"Viewing\":{\"checkbox\":false},\"Current viewer\":"
                + "{\"rich_text\":[{\"type\":\"text\",\"text\":{\"content\":\"anonymous\"}}]}}}"),
                JsonParser.parseString(ws.notion.calls("PATCH", "/v1/pages/").get(0).body()));
        JsonObject demo = ws.notion.page(ws.demoPageId).orElseThrow();
        assertEquals("false", DemoWorkspace.text(demo, "Viewing"));
        assertEquals("anonymous", DemoWorkspace.text(demo, "Current viewer"));
    }

    @Test
    void valuesOverNotionsLimitsAreRefusedAtIntakeNamingTheField() throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("links.json"), """
                {"name": "links", "path": "/example/links",
                 "fields": {"properties.contact": {"type": "email"}},
                 "interaction_page": {"key_property": "Event ID", "properties": {
                   "Name": {"type": "title", "value": "{{action}}"},
                   "Event ID": {"type": "rich_text", "value": "{{event_id}}"},
                   "Website": {"type": "url", "value": "{{properties.website}}"},
                   "Related": {"type": "relation", "value": "{{properties.related}}"},
                   "Tags": {"type": "multi_select", "value": "{{properties.tags}}"}}}}
                """);
        String demo = "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b";
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of("RELAY_ROUTES_DIR", routes.toString()))) {
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("properties.website", "\"website\":\"https://example.com/" + "a".repeat(2000) + "\"");
            cases.put("properties.contact", "\"contact\":\"" + "a".repeat(195) + "@example.com\"");
            cases.put("properties.related", "\"related\":[" + String.join(",", java.util.Collections.nCopies(101, "\"" + demo + "\"")) + "]");
            cases.put("properties.tags", "\"tags\":[" + String.join(",", java.util.Collections.nCopies(101, "\"t\"")) + "]");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                TestRelay.Answer a = relay.post("/example/links", "{\"demo_id\":\"" + demo + "\",\"action\":\"a\",\"properties\":{"
                        + c.getValue() + "}}");
                assertEquals(422, a.status(), c.getKey() + ": " + a.body());
                assertEquals(c.getKey(), a.json().getAsJsonObject("error").get("field").getAsString(), a.body());
            }
            TestRelay.Answer longEmail = relay.post("/example/links", "{\"demo_id\":\"" + demo + "\",\"action\":\"a\","
                    + "\"guest\":{\"email\":\"" + "a".repeat(195) + "@example.com\"}}");
            assertEquals("guest.email", longEmail.json().getAsJsonObject("error").get("field").getAsString());
            assertEquals(0, relay.storedEvents());
            assertEquals(202, relay.post("/example/links", "{\"demo_id\":\"" + demo + "\",\"action\":\"a\",\"properties\":"
                    + "{\"website\":\"https://example.com\",\"tags\":[\"x\",\"y\"]}}").status());
        }
    }

    @Test
    void aCalloutIconThatIsNotAnEmojiIsRefusedAtIntake() {
        String demo = "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b";
        try (TestRelay relay = start(Map.of())) {
            TestRelay.Answer a = relay.post("/example/callout", "{\"demo_id\":\"" + demo + "\",\"action\":\"a\","
                    + "\"properties\":{\"emoji\":\"x\"}}");
            assertEquals(422, a.status(), a.body());
            assertEquals("properties.emoji", a.json().getAsJsonObject("error").get("field").getAsString(), a.body());
            assertEquals(0, relay.storedEvents());
            assertEquals(202, relay.post("/example/callout", "{\"demo_id\":\"" + demo + "\",\"action\":\"a\","
                    + "\"properties\":{\"emoji\":\"🎉\"}}").status());
        }
    }

    @Test
    void aBrokenRouteFileStopsStartUpNamingFileKeyAndProblem() throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path file = routes.resolve("oops.json");
        Files.writeString(file, """
                {"name": "oops", "path": "/example/oops",
                 "interaction_page": {"key_property": "Event ID", "properties": {
                   "Event ID": {"type": "rich_text", "value": "{{event_id}}"},
                   "Log": {"type": "rollup", "value": "{{action}}"}}}}
                """);
        RouteFileException e = assertThrows(RouteFileException.class,
                () -> start(Map.of("RELAY_ROUTES_DIR", routes.toString())).close());
        assertTrue(e.getMessage().startsWith("route file " + file + ", key interaction_page.properties.Log.type: "
                + "'rollup' cannot be written through the API"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("relay.db")), "nothing was opened");
    }
}
