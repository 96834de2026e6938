package com.notionrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.fake.FakeNotion;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.TestRelay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init --parent}: against the fake Notion over HTTP it makes Demos and Interactions with
 * exactly the schema the README documents, the relation two-way, and a relay configured with the
 * lines it prints delivers into them; run twice it makes no second pair; an unshared page is refused.
 */
class InitCommandTest {

    private record Run(int code, String out, String err) {
        /** The value of an {@code export NAME=value} line init printed. */
        String exported(String name) {
            Matcher m = Pattern.compile("^export " + name + "=(\\S+)$", Pattern.MULTILINE).matcher(out);
            assertTrue(m.find(), name + " printed:\n" + out);
            return m.group(1);
        }
    }

    @TempDir
    Path dir;

    private final FakeNotion notion = new FakeNotion(DemoWorkspace.TOKEN);

    @AfterEach
    void close() {
        notion.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("NOTION_TOKEN", DemoWorkspace.TOKEN);
        env.put("NOTION_BASE_URL", notion.baseUrl());
        env.put("NOTION_RATE_LIMIT", "100");
        return env;
    }

    private Run init(String parent) {
        Path config = dir.resolve("empty.properties");
        try {
            java.nio.file.Files.writeString(config, "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"init", "--parent", parent, "--config", config.toString()},
                env(), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** name → type, and for a relation the related data source and its synced property. */
    private static Map<String, String> schema(JsonObject dataSource) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonObject props = dataSource.getAsJsonObject("properties");
        for (String name : props.keySet()) {
            out.put(name, props.getAsJsonObject(name).get("type").getAsString());
        }
        return out;
    }

    @Test
    void makesBothDatabasesWithTheDocumentedSchemaAndARelayDeliversIntoThem() {
        String parent = notion.createWorkspacePage("Demo tracking");
        Run run = init("https://www.notion.so/acme/Demo-tracking-" + parent.replace("-", "") + "?pvs=4");
        assertEquals(0, run.code(), run.err());
        String demosDb = run.exported("NOTION_DEMOS_DB");
        String interactionsDb = run.exported("NOTION_INTERACTIONS_DB");

        JsonObject demosDatabase = notion.database(demosDb).orElseThrow();
        JsonObject interactionsDatabase = notion.database(interactionsDb).orElseThrow();
        assertEquals(parent, demosDatabase.getAsJsonObject("parent").get("page_id").getAsString());
        assertEquals(parent, interactionsDatabase.getAsJsonObject("parent").get("page_id").getAsString());
        String demosDs = demosDatabase.getAsJsonArray("data_sources").get(0).getAsJsonObject().get("id").getAsString();
        String interactionsDs = interactionsDatabase.getAsJsonArray("data_sources").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject demos = notion.dataSource(demosDs).orElseThrow();
        JsonObject interactions = notion.dataSource(interactionsDs).orElseThrow();

        assertEquals(Map.of("Name", "title", "Interactions", "relation", "Interaction log", "formula",
                "Viewing", "checkbox", "Last viewed", "date", "Current viewer", "rich_text"), schema(demos));
        assertEquals(Map.of("Name", "title", "Event ID", "rich_text", "Action", "select", "Route", "select",
                "Demo", "relation", "Session", "rich_text", "Guest", "rich_text", "Guest email", "email",
                "Occurred at", "date", "Payload", "rich_text"), schema(interactions));
        assertEquals("prop(\"Interactions\").map(current.prop(\"Name\")).join(\", \")",
                demos.getAsJsonObject("properties").getAsJsonObject("Interaction log").getAsJsonObject("formula")
                        .get("expression").getAsString());

        JsonObject demo = interactions.getAsJsonObject("properties").getAsJsonObject("Demo").getAsJsonObject("relation");
        JsonObject back = demos.getAsJsonObject("properties").getAsJsonObject("Interactions").getAsJsonObject("relation");
        assertEquals(demosDs, demo.get("data_source_id").getAsString());
        assertEquals("dual_property", demo.get("type").getAsString());
        assertEquals("Interactions", demo.getAsJsonObject("dual_property").get("synced_property_name").getAsString());
        assertEquals(interactionsDs, back.get("data_source_id").getAsString());
        assertEquals("Demo", back.getAsJsonObject("dual_property").get("synced_property_name").getAsString());

        assertEquals(2, notion.calls("POST", "/v1/databases").size());
        assertEquals(1, notion.calls("PATCH", "/v1/data_sources/").size(), "the formula, once the relation exists");
        JsonObject create = JsonParser.parseString(notion.calls("POST", "/v1/databases").get(0).body()).getAsJsonObject();
        assertEquals("page_id", create.getAsJsonObject("parent").get("type").getAsString());
        assertTrue(create.getAsJsonObject("initial_data_source").has("properties"), "the 2025-09-03 shape");

        // The two printed lines are all a relay needs: an event lands in Interactions, linked to its demo.
        String demoPage = notion.createPage(demosDs, JsonParser.parseString(
                "{\"Name\": {\"title\": [{\"type\": \"text\", \"text\": {\"content\": \"Tour\"}}]}}").getAsJsonObject())
                .get("id").getAsString();
        Map<String, String> relayEnv = new HashMap<>(env());
        relayEnv.put("NOTION_DEMOS_DB", demosDb);
        relayEnv.put("NOTION_INTERACTIONS_DB", interactionsDb);
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), relayEnv)) {
            TestRelay.Answer a = relay.post("/example/database/page", "{\"event_id\":\"e-1\",\"demo_id\":\"" + demoPage
                    + "\",\"action\":\"viewed\"}");
            assertEquals(202, a.status(), a.body());
            relay.awaitDelivered("e-1");
        }
        List<JsonObject> pages = notion.pagesIn(interactionsDs);
        assertEquals(1, pages.size());
        assertEquals("e-1", DemoWorkspace.text(pages.get(0), "Event ID"));
        JsonObject demoAfter = notion.page(demoPage).orElseThrow();
        assertEquals(pages.get(0).get("id").getAsString(), demoAfter.getAsJsonObject("properties")
                .getAsJsonObject("Interactions").getAsJsonArray("relation").get(0).getAsJsonObject().get("id").getAsString(),
                "the relation is two-way: the demo lists its interaction");
    }

    @Test
    void runTwiceMakesNoSecondPair() {
        String parent = notion.createWorkspacePage("Demo tracking");
        Run first = init(parent);
        assertEquals(0, first.code(), first.err());
        notion.clearCalls();

        Run second = init(parent.replace("-", ""));
        assertEquals(0, second.code(), second.err());
        assertEquals(first.exported("NOTION_DEMOS_DB"), second.exported("NOTION_DEMOS_DB"));
        assertEquals(first.exported("NOTION_INTERACTIONS_DB"), second.exported("NOTION_INTERACTIONS_DB"));
        assertTrue(second.out().contains("found, complete"), second.out());
        assertEquals(0, notion.calls("POST", "/v1/databases").size());
        assertEquals(0, notion.calls("PATCH", "/v1/data_sources/").size());
        assertEquals(2, notion.children(parent).stream().filter(b -> b.get("type").getAsString().equals("child_database")).count());
    }

    @Test
    void aRunCutShortIsFinishedByTheNext() {
        String parent = notion.createWorkspacePage("Demo tracking");
        notion.enqueueFault(com.notionrelay.fake.Fault.status(503).on("PATCH", "/v1/data_sources/"));
        Run cut = init(parent);
        assertEquals(1, cut.code());
        assertTrue(cut.err().contains("running init again finishes the job"), cut.err());

        Run again = init(parent);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("found, added Interaction log"), again.out());
        assertEquals(2, notion.calls("POST", "/v1/databases").size(), "no second pair");
    }

    @Test
    void anUnsharedParentIsRefusedSayingHowToShareIt() {
        Run run = init("2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b");
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("notion-relay: init: page 2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1b was not found: "
                + "share it with the integration"), run.err());
        assertEquals(0, notion.calls("POST", "/v1/databases").size());
        assertEquals("", run.out());
    }

    @Test
    void aParentThatIsNotAnIdIsRefused() {
        Run run = init("my page");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--parent 'my page' is neither a page id"), run.err());
        assertEquals(List.of(), notion.calls());
    }
}
