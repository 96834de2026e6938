package com.notionrelay.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.BigWorkspace;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import com.notionrelay.support.WebhookSender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deliveries keep the cache fresh against the fake Notion, with no sync after the first:
 * edits, trashes and new demos reach lookups; bursts and repeats cost one or two fetches; a late,
 * older delivery changes nothing; a restart loses no accepted delivery.
 */
class WebhookRefreshTest {

    private static final String TOKEN = "secret_refresh_test_token";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private DemoWorkspace ws;
    private TestRelay relay;
    private WebhookSender notion;
    private final List<String> interactions = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ws = new DemoWorkspace();
        for (int i = 0; i < 3; i++) {
            interactions.add(ws.notion.createPage(ws.interactions.dataSourceId(),
                    BigWorkspace.interaction("Interaction " + i, "clicked", ws.demoPageId)).get("id").getAsString());
        }
        relay = start();
        // The first sync fills the cache (serve does this at start-up); after it, only webhooks bring news.
        assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
        ws.notion.clearCalls();
    }

    private TestRelay start() {
        Map<String, String> env = ws.relayEnv();
        env.put("NOTION_WEBHOOK_VERIFICATION_TOKEN", TOKEN);
        relay = TestRelay.start(dir.resolve("relay.db"), env);
        notion = new WebhookSender(relay, TOKEN);
        return relay;
    }

    @AfterEach
    void tearDown() {
        relay.close();
        ws.close();
    }

    @Test
    void anEditReachesLookupsWithoutASync() {
        String edited = interactions.get(1);
        ws.notion.updateProperties(edited, BigWorkspace.title("Renamed in Notion"));

        assertEquals(200, notion.send("page.properties_updated", edited, Instant.now()).status());

        Eventually.await("the new name in the lookup", WITHIN,
                () -> names().equals("Interaction 0, Renamed in Notion, Interaction 2"));
        assertNoSync();
        assertEquals(1, pageReads(edited));
        awaitSettled();
        assertEquals(1L, count("page.properties_updated", WebhookInbox.Outcome.REFRESHED));
    }

    @Test
    void aPageMovedToTheTrashLeavesLookupsWithoutAFetch() {
        String trashed = interactions.get(0);
        ws.notion.setTrash(trashed, true);

        assertEquals(200, notion.send("page.deleted", trashed, Instant.now()).status());

        Eventually.await("the trashed page out of the lookup", WITHIN,
                () -> names().equals("Interaction 1, Interaction 2"));
        Eventually.await("out of the demo's interactions", WITHIN, () -> !demoInteractions().contains(trashed));
        assertEquals(0, pageReads(trashed), "a deletion needs no Notion call");
        assertNoSync();
    }

    @Test
    void aDemoCreatedInNotionBecomesKnownAtOnce() {
        String newDemo = ws.addDemo("Created in Notion");
        assertEquals(404, relay.get("/api/demos/" + newDemo + "/interactions").status(), "unknown before the webhook");
        TestRelay.Answer refused = relay.post("/example/database/page", event("before-webhook", newDemo));
        assertEquals(422, refused.status(), "Demos has synced, so intake refuses a demo it does not know: " + refused.body());
        assertTrue(refused.body().contains("unknown_demo"), refused.body());

        assertEquals(200, notion.send("page.created", newDemo, Instant.now()).status());

        Eventually.await("the new demo in the cache", WITHIN,
                () -> relay.get("/api/demos/" + newDemo + "/interactions").status() == 200);
        assertTrue(relay.relay().storage().pages.liveIdsIn(ws.demos.dataSourceId()).contains(newDemo),
                "a live page of Demos, which is what the unknown-demo rule reads");
        TestRelay.Answer accepted = relay.post("/example/database/page", event("after-webhook", newDemo));
        assertEquals(202, accepted.status(), "intake knows the demo as soon as its refresh lands: " + accepted.body());
        assertNoSync();

        // And a demo moved to the trash is refused again as soon as its page.deleted is processed.
        ws.notion.setTrash(newDemo, true);
        assertEquals(200, notion.send("page.deleted", newDemo, Instant.now()).status());
        Eventually.await("the trashed demo refused at intake", WITHIN,
                () -> relay.post("/example/database/page", event("after-trash-" + System.nanoTime(), newDemo)).status() == 422);
        assertNoSync();
    }

    private static String event(String eventId, String demoId) {
        return "{\"event_id\":\"" + eventId + "\",\"demo_id\":\"" + demoId + "\",\"action\":\"viewed\"}";
    }

    @Test
    void fiftyDeliveriesForOnePageCostAtMostTwoFetches() {
        String page = interactions.get(2);
        ws.notion.updateProperties(page, BigWorkspace.title("Edited fifty times"));
        Instant editedAt = Instant.now();
        for (int i = 0; i < 50; i++) {
            String type = i % 2 == 0 ? "page.properties_updated" : "page.content_updated";
            TestRelay.Answer answer = notion.send(type, page, editedAt.plusMillis(i));
            assertEquals(200, answer.status(), "never a 429 or any refusal: " + answer.body());
        }

        awaitSettled();
        int fetches = pageReads(page);
        assertTrue(fetches >= 1 && fetches <= 2, "fetches of the page: " + fetches);
        assertEquals("Interaction 0, Interaction 1, Edited fifty times", names());
    }

    @Test
    void theSameDeliveryTwiceIsFetchedOnce() {
        String page = interactions.get(0);
        ws.notion.updateProperties(page, BigWorkspace.title("Once"));
        String body = WebhookSender.body("page.properties_updated", page, Instant.now());

        assertEquals("accepted", notion.send(body).json().get("status").getAsString());
        assertEquals("duplicate", notion.send(body).json().get("status").getAsString());

        awaitSettled();
        Eventually.await("the edit", WITHIN, () -> names().startsWith("Once"));
        assertEquals(1, pageReads(page));
        assertEquals(1L, count("page.properties_updated", WebhookInbox.Outcome.REFRESHED));
    }

    @Test
    void anOlderUpdateArrivingAfterTheDeletionLeavesThePageDeleted() {
        String page = interactions.get(1);
        String cachedEdit = relay.relay().storage().pages.find(page).orElseThrow().lastEditedTime();
        ws.notion.setTrash(page, true);
        Instant deletedAt = Instant.now();
        // Made between what the cache holds and the deletion: only the deletion says it is old news.
        Instant olderUpdate = Instant.parse(cachedEdit).plus(Duration.between(Instant.parse(cachedEdit), deletedAt).dividedBy(2));

        assertEquals(200, notion.send("page.deleted", page, deletedAt).status());
        Eventually.await("the deletion applied", WITHIN, () -> count("page.deleted", WebhookInbox.Outcome.TRASHED) == 1);
        assertEquals(200, notion.send("page.properties_updated", page, olderUpdate).status());
        awaitSettled();

        assertEquals(1L, count("page.properties_updated", WebhookInbox.Outcome.STALE));
        assertTrue(relay.relay().storage().pages.find(page).orElseThrow().inTrash());
        assertEquals("Interaction 0, Interaction 2", names());
        assertEquals(0, pageReads(page), "an update older than the deletion is not even fetched");
    }

    @Test
    void aRestartInTheMiddleLosesNoAcceptedDelivery() {
        // Every page read fails for now, so the relay stops with its refreshes half done.
        ws.notion.setRandomFaults(1.0, 7, List.of(Fault.status(503).on("GET", "/v1/pages/")));
        for (int i = 0; i < interactions.size(); i++) {
            ws.notion.updateProperties(interactions.get(i), BigWorkspace.title("After restart " + i));
            assertEquals(200, notion.send("page.properties_updated", interactions.get(i), Instant.now()).status());
        }
        Eventually.await("a refresh attempted and failed", WITHIN, () -> !ws.notion.calls("GET", "/v1/pages/").isEmpty());
        relay.close();

        ws.notion.setRandomFaults(0, 0, List.of());
        start();

        Eventually.await("every accepted delivery refreshed after the restart", WITHIN,
                () -> names().equals("After restart 0, After restart 1, After restart 2"));
        awaitSettled();
        assertEquals(3L, count("page.properties_updated", WebhookInbox.Outcome.REFRESHED));
        assertNoSync();
    }

    @Test
    void aDataSourceContentUpdateRunsAnIncrementalSync() {
        String added = ws.notion.createPage(ws.interactions.dataSourceId(),
                BigWorkspace.interaction("Added in Notion", "viewed", ws.demoPageId)).get("id").getAsString();

        assertEquals(200, notion.send("data_source.content_updated", ws.interactions.dataSourceId(), Instant.now()).status());

        Eventually.await("the added page cached", WITHIN, () -> relay.relay().storage().pages.find(added).isPresent());
        awaitSettled();
        assertFalse(ws.notion.calls("POST", "/v1/data_sources/" + ws.interactions.dataSourceId() + "/query").isEmpty());
        assertEquals(1L, count("data_source.content_updated", WebhookInbox.Outcome.REFRESHED));
    }

    @Test
    void aRefreshReadsARelationPast25ItemsInFull() {
        for (int i = 3; i < 33; i++) {
            ws.notion.createPage(ws.interactions.dataSourceId(), BigWorkspace.interaction("Interaction " + i, "viewed", ws.demoPageId));
        }
        assertEquals(200, notion.send("page.properties_updated", ws.demoPageId, Instant.now()).status());

        Eventually.await("all 33 related pages on the demo", WITHIN, () -> relay.relay().storage().pages.find(ws.demoPageId)
                .orElseThrow().relations().getOrDefault("Interactions", List.of()).size() == 33);
        assertFalse(ws.notion.calls("GET", "/v1/pages/" + ws.demoPageId + "/properties/").isEmpty(),
                "the rest read through the page-property endpoint");
    }

    @Test
    void aSchemaUpdateRefetchesTheSchemaOnly() {
        assertEquals(200, notion.send("data_source.schema_updated", ws.demos.dataSourceId(), Instant.now()).status());

        awaitSettled();
        assertEquals(1L, count("data_source.schema_updated", WebhookInbox.Outcome.REFRESHED));
        assertEquals(1, ws.notion.calls("GET", "/v1/data_sources/" + ws.demos.dataSourceId()).size());
        assertNoSync();
    }

    @Test
    void anUnknownTypeIsStoredCountedAndIgnored() {
        assertEquals(200, notion.send("comment.created", interactions.get(0), Instant.now()).status());
        assertEquals(1L, count("comment.created", WebhookInbox.Outcome.IGNORED));
        JsonObject health = relay.get("/health").json().getAsJsonObject("webhooks");
        assertEquals(1, health.getAsJsonObject("deliveries").getAsJsonObject("comment.created").get("ignored").getAsInt());
        assertTrue(ws.notion.calls().isEmpty());
    }

    private String names() {
        TestRelay.Answer a = relay.get("/api/lookup?page=" + ws.demoPageId + "&relation=Interactions&show=Name");
        return a.status() == 200 ? a.json().get("value").getAsString() : "HTTP " + a.status();
    }

    private String demoInteractions() {
        return relay.get("/api/demos/" + ws.demoPageId + "/interactions").body();
    }

    /** Reads of the page object itself (not its property endpoint). */
    private int pageReads(String pageId) {
        return (int) ws.notion.calls("GET", "/v1/pages/" + pageId).stream()
                .map(RecordedCall::path).filter(p -> !p.contains("/properties/")).count();
    }

    private void assertNoSync() {
        assertTrue(ws.notion.calls("POST", "/v1/data_sources/").isEmpty(), "no sync ran");
    }

    private void awaitSettled() {
        Eventually.await("no webhook backlog", WITHIN,
                () -> relay.relay().webhooks().report().backlog().deliveries() == 0);
    }

    private long count(String type, WebhookInbox.Outcome outcome) {
        return relay.relay().webhooks().report().counts().getOrDefault(type, Map.of()).getOrDefault(outcome, 0L);
    }
}
