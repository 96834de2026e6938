package com.notionrelay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.fake.Fault;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each shipped route module over real HTTP into the fake Notion: the exact requests sent and what Notion then holds. */
class ModulesEndToEndTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final DemoWorkspace ws = new DemoWorkspace();

    @AfterEach
    void closeNotion() {
        ws.close();
    }

    private TestRelay start() {
        return TestRelay.start(dir.resolve("relay.db"), ws.relayEnv());
    }

    private String event(String id, String action, String extra) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + ws.demoPageId.replace("-", "") + "\",\"action\":\"" + action
                + "\",\"session_id\":\"s-1\",\"guest\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                + "\"occurred_at\":\"2026-11-22T10:15:00Z\"" + extra + "}";
    }

    static void awaitDelivered(TestRelay relay, String... ids) {
        for (String id : ids) {
            Eventually.await(id + " delivered", LIMIT, () -> {
                TestRelay.Answer a = relay.get("/api/events/" + id);
                return a.status() == 200 && a.json().get("status").getAsString().equals("delivered");
            });
        }
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static JsonObject onlyBody(List<RecordedCall> calls) {
        assertEquals(1, calls.size(), calls.toString());
        return json(calls.get(0).body());
    }

    private static String text(String content) {
        return "[{\"type\":\"text\",\"text\":{\"content\":" + new com.google.gson.JsonPrimitive(content) + "}}]";
    }

    private static String plain(JsonArray richText) {
        StringBuilder sb = new StringBuilder();
        richText.forEach(i -> sb.append(i.getAsJsonObject().get("plain_text").getAsString()));
        return sb.toString();
    }

    private List<JsonObject> callouts() {
        return ws.notion.children(ws.demoPageId).stream().filter(b -> b.get("type").getAsString().equals("callout")).toList();
    }

    /** The Interactions page body every module writes, as the route files map it. */
    private String interactionsBody(String id, String action, String route, String propertiesJson) {
        String payload = "{\"event_id\":\"" + id + "\",\"route\":\"" + route + "\",\"demo_id\":\"" + ws.demoPageId
                + "\",\"action\":\"" + action + "\",\"session_id\":\"s-1\",\"guest\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                + "\"occurred_at\":\"2026-11-22T10:15Z\",\"properties\":" + propertiesJson + "}";
        return "{\"parent\":{\"type\":\"data_source_id\",\"data_source_id\":\"" + ws.interactions.dataSourceId() + "\"},"
                + "\"properties\":{\"Name\":{\"title\":" + text(action) + "},\"Event ID\":{\"rich_text\":" + text(id) + "},"
                + "\"Action\":{\"select\":{\"name\":\"" + action + "\"}},\"Route\":{\"select\":{\"name\":\"" + route + "\"}},"
                + "\"Demo\":{\"relation\":[{\"id\":\"" + ws.demoPageId + "\"}]},\"Session\":{\"rich_text\":" + text("s-1") + "},"
                + "\"Guest\":{\"rich_text\":" + text("Ada") + "},\"Guest email\":{\"email\":\"ada@example.com\"},"
                + "\"Occurred at\":{\"date\":{\"start\":\"2026-11-22T10:15Z\"}},\"Payload\":{\"rich_text\":" + text(payload) + "}}}";
    }

    @Test
    void databasePageSendsTheSameInteractionsPageAsBefore() {
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/database/page", event("e-1", "viewed pricing", ",\"properties\":{\"plan\":\"team\"}")).status());
            awaitDelivered(relay, "e-1");
            assertEquals(json(interactionsBody("e-1", "viewed pricing", "database-page", "{\"plan\":\"team\"}")),
                    onlyBody(ws.notion.calls("POST", "/v1/pages")));
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
            assertTrue(ws.notion.children(ws.demoPageId).isEmpty(), "database-page does nothing to the demo page");
        }
    }

    @Test
    void databasePagesWritesOnePagePerEventOfABatch() {
        try (TestRelay relay = start()) {
            TestRelay.Answer a = relay.post("/example/database/pages", "{\"events\":[" + event("b-1", "opened", "") + ","
                    + event("b-2", "clicked", "") + "," + event("b-3", "closed", "") + "]}");
            assertEquals(202, a.status(), a.body());
            assertEquals(3, a.json().get("queued").getAsInt());
            assertEquals("b-2", a.json().getAsJsonArray("events").get(1).getAsJsonObject().get("event_id").getAsString());
            awaitDelivered(relay, "b-1", "b-2", "b-3");
            List<JsonObject> bodies = ws.notion.calls("POST", "/v1/pages").stream().map(c -> json(c.body())).toList();
            assertEquals(3, bodies.size());
            assertTrue(bodies.contains(json(interactionsBody("b-2", "clicked", "database-pages", "{}"))), bodies.toString());
            assertEquals(List.of("clicked", "closed", "opened"), ws.notion.pagesIn(ws.interactions.dataSourceId()).stream()
                    .map(p -> DemoWorkspace.text(p, "Name")).sorted().toList());

            TestRelay.Answer again = relay.post("/example/database/pages", "{\"events\":[" + event("b-1", "opened", "") + "]}");
            assertEquals(200, again.status(), again.body());
            assertEquals(1, again.json().get("duplicate").getAsInt());
        }
    }

    @Test
    void aBatchWithOneBadItemIsRefusedNamingItsIndexAndNothingIsStored() {
        try (TestRelay relay = start()) {
            TestRelay.Answer a = relay.post("/example/database/pages", "{\"events\":[" + event("x-1", "opened", "") + ","
                    + "{\"demo_id\":\"" + ws.demoPageId + "\"}," + event("x-3", "closed", "") + "]}");
            assertEquals(422, a.status(), a.body());
            JsonObject error = a.json().getAsJsonObject("error");
            assertEquals("events[1].action", error.get("field").getAsString());
            assertTrue(error.get("message").getAsString().startsWith("events[1]: action is required"), a.body());
            assertEquals(0, relay.storedEvents());

            StringBuilder many = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 101; i++) {
                many.append(i == 0 ? "" : ",").append(event("m-" + i, "opened", ""));
            }
            TestRelay.Answer tooMany = relay.post("/example/database/pages", many.append("]}").toString());
            assertEquals(422, tooMany.status());
            assertEquals("events", tooMany.json().getAsJsonObject("error").get("field").getAsString());
            assertEquals(0, relay.storedEvents());
        }
    }

    @Test
    void childPagesCreatesAPageUnderTheDemoWithTitleAndParagraphs() {
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/child_pages", event("c-1", "booked a call", ",\"properties\":{\"note\":\"Wants SSO\"}")).status());
            awaitDelivered(relay, "c-1");
            List<JsonObject> bodies = ws.notion.calls("POST", "/v1/pages").stream().map(c -> json(c.body()))
                    .filter(b -> b.getAsJsonObject("parent").has("page_id")).toList();
            assertEquals(1, bodies.size());
            assertEquals(json("{\"parent\":{\"type\":\"page_id\",\"page_id\":\"" + ws.demoPageId + "\"},"
                    + "\"properties\":{\"title\":{\"title\":" + text("Ada: booked a call") + "}},\"children\":["
                    + "{\"object\":\"block\",\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":" + text("Ada booked a call at 2026-11-22T10:15Z.") + "}},"
                    + "{\"object\":\"block\",\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":" + text("Session: s-1") + "}},"
                    + "{\"object\":\"block\",\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":" + text("Wants SSO") + "}}]}"),
                    bodies.get(0));

            List<JsonObject> kids = ws.notion.children(ws.demoPageId);
            assertEquals(1, kids.size());
            assertEquals("child_page", kids.get(0).get("type").getAsString());
            assertEquals("Ada: booked a call", kids.get(0).getAsJsonObject("child_page").get("title").getAsString());
            List<JsonObject> paragraphs = ws.notion.children(kids.get(0).get("id").getAsString());
            assertEquals(List.of("Ada booked a call at 2026-11-22T10:15Z.", "Session: s-1", "Wants SSO"),
                    paragraphs.stream().map(p -> plain(p.getAsJsonObject("paragraph").getAsJsonArray("rich_text"))).toList());
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        }
    }

    @Test
    void calloutAppendsOneCalloutToTheDemoPage() {
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/callout", event("k-1", "started the tour", ",\"properties\":{\"emoji\":\"🚀\"}")).status());
            awaitDelivered(relay, "k-1");
            assertEquals(json("{\"children\":[{\"object\":\"block\",\"type\":\"callout\",\"callout\":{\"rich_text\":"
                            + text("Ada started the tour") + ",\"icon\":{\"type\":\"emoji\",\"emoji\":\"🚀\"}}}]}"),
                    onlyBody(ws.notion.calls("PATCH", "/v1/blocks/" + ws.demoPageId + "/children")));
            List<JsonObject> callouts = callouts();
            assertEquals(1, callouts.size());
            assertEquals("Ada started the tour", plain(callouts.get(0).getAsJsonObject("callout").getAsJsonArray("rich_text")));
            assertEquals(callouts.get(0).get("id").getAsString(),
                    relay.relay().storage().db.read(c -> relay.relay().storage().jobs.forEvent(c, "k-1")).get(1).notionPageId());
        }
    }

    @Test
    void anAmbiguousCalloutAppendIsCheckedAndNotRepeated() {
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/callout", event("k-0", "clicked", "")).status());
            awaitDelivered(relay, "k-0");
            // the same text again, and the answer to its append is lost after Notion took it
            ws.notion.enqueueFault(Fault.dropAfterEffect().on("PATCH", "/v1/blocks"));
            assertEquals(202, relay.post("/example/callout", event("k-1", "clicked", "")).status());
            awaitDelivered(relay, "k-1");

            List<RecordedCall> appends = ws.notion.calls("PATCH", "/v1/blocks/" + ws.demoPageId + "/children");
            assertEquals(2, appends.size(), "k-1 was appended once, then found, not appended again");
            assertEquals(0, appends.get(1).status(), "the second append's answer was dropped");
            assertTrue(ws.notion.calls("GET", "/v1/blocks/" + ws.demoPageId + "/children").size() >= 1,
                    "the retry looked at the demo page before appending again");
            List<JsonObject> callouts = callouts();
            assertEquals(2, callouts.size(), "one callout per event: k-0's is not taken for k-1's, k-1's is not repeated");
            List<String> recorded = List.of("k-0", "k-1").stream().map(id -> relay.relay().storage().db
                    .read(c -> relay.relay().storage().jobs.forEvent(c, id)).get(1).notionPageId()).toList();
            assertEquals(callouts.stream().map(c -> c.get("id").getAsString()).toList(), recorded);
        }
    }

    @Test
    void anAmbiguousChildPageCreateIsAdoptedNotRepeated() {
        // both creates (the Interactions page and the child page) lose their answer once
        ws.notion.enqueueFault(Fault.dropAfterEffect().on("POST", "/v1/pages"));
        ws.notion.enqueueFault(Fault.dropAfterEffect().on("POST", "/v1/pages"));
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/child_pages", event("c-2", "asked a question", "")).status());
            awaitDelivered(relay, "c-2");
            assertEquals(2, ws.notion.calls().stream().filter(c -> c.status() == 0).count(), "two answers were dropped");
            assertEquals(2, ws.notion.calls("POST", "/v1/pages").size(), "neither create was sent twice");
            assertEquals(1, ws.notion.children(ws.demoPageId).size());
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
        }
    }

    @Test
    void propertyInjectionsPatchesTheDemoPagesOwnProperties() {
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/property_injections", event("p-1", "opened the demo", "")).status());
            awaitDelivered(relay, "p-1");
            assertEquals(json("{\"properties\":{\"Viewing\":{\"checkbox\":true},\"Last viewed\":{\"date\":{\"start\":\"2026-11-22T10:15Z\"}},"
                            + "\"Current viewer\":{\"rich_text\":" + text("Ada") + "}}}"),
                    onlyBody(ws.notion.calls("PATCH", "/v1/pages/" + ws.demoPageId)));
            JsonObject demo = ws.notion.page(ws.demoPageId).orElseThrow();
            assertEquals("true", DemoWorkspace.text(demo, "Viewing"));
            assertTrue(DemoWorkspace.text(demo, "Last viewed").startsWith("2026-11-22T10:15"));
            assertEquals("Ada", DemoWorkspace.text(demo, "Current viewer"));

            assertEquals(202, relay.post("/example/property_injections", event("p-2", "closed the demo",
                    ",\"properties\":{\"viewing\":false}")).status());
            awaitDelivered(relay, "p-2");
            assertEquals("false", DemoWorkspace.text(ws.notion.page(ws.demoPageId).orElseThrow(), "Viewing"));

            TestRelay.Answer bad = relay.post("/example/property_injections", event("p-3", "x", ",\"properties\":{\"viewing\":\"yes\"}"));
            assertEquals(422, bad.status());
            assertEquals("properties.viewing", bad.json().getAsJsonObject("error").get("field").getAsString());
        }
    }

    @Test
    void twentyConcurrentFirstVisitsOfOneGuestMakeOneWelcomeEvenAfterARestart() throws Exception {
        List<String> ids = new ArrayList<>();
        try (TestRelay relay = start()) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<TestRelay.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "w-" + i;
                ids.add(id);
                answers.add(pool.submit(() -> relay.post("/example/guest_welcome", event(id, "visited", ""))));
            }
            for (Future<TestRelay.Answer> f : answers) {
                assertEquals(202, f.get().status(), f.get().body());
            }
            pool.shutdown();
            awaitDelivered(relay, ids.toArray(String[]::new));
        }
        assertEquals(1, callouts().size());
        assertEquals("Welcome, Ada! Thanks for opening this demo.",
                plain(callouts().get(0).getAsJsonObject("callout").getAsJsonArray("rich_text")));
        assertEquals(20, ws.notion.pagesIn(ws.interactions.dataSourceId()).size(), "every visit is recorded");

        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/guest_welcome", event("w-again", "visited", "")).status());
            String other = "{\"event_id\":\"w-bob\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"visited\",\"session_id\":\"s-9\"}";
            assertEquals(202, relay.post("/example/guest_welcome", other).status());
            awaitDelivered(relay, "w-again", "w-bob");
        }
        assertEquals(List.of("Welcome, Ada! Thanks for opening this demo.", "Welcome, there! Thanks for opening this demo."),
                callouts().stream().map(c -> plain(c.getAsJsonObject("callout").getAsJsonArray("rich_text"))).toList());
    }

    @Test
    void aGuestWelcomeWithoutAnyWayToKnowTheGuestIsRefused() {
        try (TestRelay relay = start()) {
            TestRelay.Answer a = relay.post("/example/guest_welcome", "{\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"visited\"}");
            assertEquals(422, a.status());
            assertEquals("guest", a.json().getAsJsonObject("error").get("field").getAsString());
            assertEquals(0, relay.storedEvents());
        }
    }

    @Test
    void aFiveThousandCharacterPayloadArrivesIntactAcrossRichTextItems() {
        String note = "0123456789".repeat(500);
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post("/example/child_pages", event("long-1", "wrote a note",
                    ",\"properties\":{\"note\":\"" + note + "\"}")).status());
            awaitDelivered(relay, "long-1");
        }
        JsonObject page = ws.notion.pagesIn(ws.interactions.dataSourceId()).get(0);
        JsonArray payload = page.getAsJsonObject("properties").getAsJsonObject("Payload").getAsJsonArray("rich_text");
        assertEquals(3, payload.size());
        for (JsonElement item : payload) {
            assertTrue(item.getAsJsonObject().get("plain_text").getAsString().length() <= 2000);
        }
        assertEquals(note, json(plain(payload)).getAsJsonObject("properties").get("note").getAsString());

        String childId = ws.notion.children(ws.demoPageId).get(0).get("id").getAsString();
        JsonArray noteParagraph = ws.notion.children(childId).get(2).getAsJsonObject("paragraph").getAsJsonArray("rich_text");
        assertEquals(3, noteParagraph.size());
        assertEquals(note, plain(noteParagraph));
    }
}
