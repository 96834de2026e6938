package com.notionrelay.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.support.BigWorkspace;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup endpoints over a relay whose cache was filled by a sync of a 1,000-page fake. */
class LookupTest {

    @TempDir
    Path dir;

    private DemoWorkspace ws;
    private BigWorkspace big;
    private TestRelay relay;

    @BeforeEach
    void setUp() {
        ws = new DemoWorkspace();
        big = new BigWorkspace(ws);
        Map<String, String> env = ws.relayEnv();
        env.put("NOTION_RATE_LIMIT", "1000");
        relay = TestRelay.start(dir.resolve("relay.db"), env);
        assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
        ws.notion.clearCalls();
    }

    @AfterEach
    void tearDown() {
        relay.close();
        ws.close();
    }

    @Test
    void theFormulaStringIsTheRelatedNamesInRelationOrderJoined() {
        JsonObject answer = lookup(big.demoIds.get(0), "Interactions", "Name", "&join=" + enc(" | "));

        String expected = IntStream.range(0, BigWorkspace.BIG).mapToObj(i -> "Interaction " + i)
                .collect(Collectors.joining(" | "));
        assertEquals(expected, answer.get("value").getAsString());
        assertEquals(BigWorkspace.BIG, answer.get("count").getAsInt());
        assertEquals(relay.relay().storage().syncRuns.lastSuccessful().orElseThrow().finishedAt().orElseThrow().toString(),
                answer.getAsJsonObject("freshness").get("last_sync_at").getAsString());
        assertTrue(ws.notion.calls().isEmpty(), "answered from the cache alone");
    }

    @Test
    void whereSortAndLimitNarrowTheList() {
        String demo = big.demoIds.get(0);

        JsonObject clicked = lookup(demo, "Interactions", "Name", "&where=" + enc("Action:clicked") + "&limit=3");
        assertEquals("Interaction 1, Interaction 4, Interaction 7", clicked.get("value").getAsString());

        List<String> names = IntStream.range(0, BigWorkspace.BIG).mapToObj(i -> "Interaction " + i)
                .sorted(Comparator.reverseOrder()).limit(2).toList();
        JsonObject sorted = lookup(demo, "Interactions", "Name", "&sort=" + enc("Name:desc") + "&limit=2");
        assertEquals(String.join(", ", names), sorted.get("value").getAsString());

        // From the other side: an interaction's Demo relation shows its demo's title.
        assertEquals("Onboarding tour", lookup(big.interactionIds.get(0), "Demo", "Name", "").get("value").getAsString());
    }

    @Test
    void unknownPagesAndPropertiesAre404sNamingThem() {
        String demo = big.demoIds.get(0);
        String unknownPage = "01234567-89ab-cdef-0123-456789abcdef";

        assertError(get("/api/lookup?page=" + unknownPage + "&relation=Interactions&show=Name"), 404, "page", unknownPage);
        assertError(get("/api/lookup?page=" + demo + "&relation=Nope&show=Name"), 404, "relation", "'Nope'");
        assertError(relay.getAsAdmin("/api/lookup?page=" + demo + "&relation=Interactions&show=Colour"), 404, "show", "'Colour'");
        assertError(relay.getAsAdmin("/api/lookup?page=" + demo + "&relation=Interactions&show=Name&where=Size:3"), 404, "where", "'Size'");
        assertError(get("/api/lookup?page=" + demo + "&relation=Name&show=Name"), 422, "relation", "not a relation");
        assertError(get("/api/lookup?page=not-an-id&relation=Interactions&show=Name"), 422, "page", "not-an-id");
        assertError(get("/api/lookup?page=" + demo + "&relation=Interactions"), 422, "show", "required");
        assertError(get("/api/demos/" + unknownPage + "/interactions"), 404, "demo_id", unknownPage);
        assertError(get("/api/demos/" + demo + "/interactions?limit=1000"), 422, "limit", "between 1 and 100");
        assertError(get("/api/demos/" + demo + "/interactions?cursor=bogus"), 422, "cursor", "bogus");
    }

    @Test
    void demoInteractionsComeNewestFirstAcrossPages() {
        String demo = big.demoIds.get(0);
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = get("/api/demos/" + demo + "/interactions?limit=40" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.getAsJsonArray("results").forEach(r -> all.add(r.getAsJsonObject()));
            cursor = page.get("has_more").getAsBoolean() ? page.get("next_cursor").getAsString() : null;
            pages++;
        } while (cursor != null);

        assertEquals(4, pages);
        assertEquals(new HashSet<>(big.interactionIds.subList(0, BigWorkspace.BIG)),
                all.stream().map(r -> r.get("id").getAsString()).collect(Collectors.toSet()));
        assertEquals(BigWorkspace.BIG, all.size(), "no page repeated across pages");
        for (int i = 1; i < all.size(); i++) {
            String prev = all.get(i - 1).get("created_time").getAsString() + all.get(i - 1).get("id").getAsString();
            String next = all.get(i).get("created_time").getAsString() + all.get(i).get("id").getAsString();
            assertTrue(prev.compareTo(next) > 0, "newest first at " + i);
        }
        JsonObject first = all.get(0).getAsJsonObject("properties");
        assertTrue(first.get("Name").getAsString().startsWith("Interaction "));
        assertTrue(Set.of(BigWorkspace.ACTIONS).contains(first.get("Action").getAsString()));
    }

    @Test
    void aTrashedInteractionDisappearsFromBothLookups() {
        String demo = big.demoIds.get(0);
        String trashed = big.interactionIds.get(0);
        ws.notion.setTrash(trashed, true);

        assertTrue(relay.relay().sync().orElseThrow().run(true).ok());

        JsonObject answer = lookup(demo, "Interactions", "Name", "");
        assertEquals(BigWorkspace.BIG - 1, answer.get("count").getAsInt());
        assertFalse(answer.get("value").getAsString().startsWith("Interaction 0,"));
        JsonObject listed = get("/api/demos/" + demo + "/interactions?limit=100").json();
        for (JsonElement r : listed.getAsJsonArray("results")) {
            assertFalse(r.getAsJsonObject().get("id").getAsString().equals(trashed));
        }
        assertError(get("/api/lookup?page=" + trashed + "&relation=Demo&show=Name"), 404, "page", "trash");
    }

    @Test
    void anInteractionCachedOnlyOnItsOwnSideStillShowsForItsDemo() {
        // Delivered by the relay: written through to the cache as the new page, while the demo's own
        // cached Interactions list (last synced before it) does not hold it.
        String demo = big.demoIds.get(9);
        TestRelay.Answer posted = relay.post("/example/database/page",
                "{\"event_id\": \"evt-one-side\", \"demo_id\": \"" + demo + "\", \"action\": \"opened\"}");
        assertEquals(202, posted.status(), posted.body());
        Eventually.await("delivery", Duration.ofSeconds(20),
                () -> get("/api/events/evt-one-side").json().get("status").getAsString().equals("delivered"));
        String created = relay.getAsAdmin("/api/events/evt-one-side").json().get("notion_page_id").getAsString();
        assertFalse(relay.relay().storage().pages.find(demo).orElseThrow().relations().get("Interactions").contains(created));

        JsonObject listed = get("/api/demos/" + demo + "/interactions?limit=100").json();
        List<String> ids = new ArrayList<>();
        listed.getAsJsonArray("results").forEach(r -> ids.add(r.getAsJsonObject().get("id").getAsString()));
        assertTrue(ids.contains(created), ids.toString());
        JsonObject answer = lookup(demo, "Interactions", "Name", "");
        assertTrue(answer.get("value").getAsString().endsWith(", opened"), answer.toString());
    }

    @Test
    void healthShowsTheLastSync() {
        JsonObject sync = get("/health").json().getAsJsonObject("last_sync");

        assertEquals("ok", sync.get("status").getAsString());
        assertEquals("full", sync.get("mode").getAsString());
        assertEquals(BigWorkspace.DEMOS + BigWorkspace.INTERACTIONS, sync.get("pages_seen").getAsInt());
        assertEquals(0, sync.get("errors").getAsInt());
        assertTrue(sync.get("duration_ms").getAsLong() >= 0);
    }

    private JsonObject lookup(String page, String relation, String show, String extra) {
        TestRelay.Answer a = get("/api/lookup?page=" + page + "&relation=" + enc(relation) + "&show=" + enc(show) + extra);
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    private TestRelay.Answer get(String path) {
        return relay.get(path);
    }

    private static void assertError(TestRelay.Answer a, int status, String field, String inMessage) {
        assertEquals(status, a.status(), a.body());
        JsonObject error = a.json().getAsJsonObject("error");
        assertEquals(field, error.get("field").getAsString(), a.body());
        assertTrue(error.get("message").getAsString().contains(inMessage), a.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
