package com.notionrelay.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.app.Relay;
import com.notionrelay.app.Storage;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.config.Settings;
import com.notionrelay.fake.Fault;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.support.BigWorkspace;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.MutableClock;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync job against a fake Notion holding 1,000 pages, some relations 150 long. */
class SyncTest {

    /** After any real "now", so pages the workspace made at set-up are older than every watermark. */
    private static final Instant T0 = Instant.parse("2030-01-10T10:00:00Z");

    @TempDir
    Path dir;

    private DemoWorkspace ws;
    private BigWorkspace big;
    private MutableClock clock;
    private Storage storage;
    private NotionApi client;
    private SyncJob job;

    @BeforeEach
    void setUp() {
        ws = new DemoWorkspace();
        clock = new MutableClock(T0);
        ws.notion.setClock(clock::instant);
        big = new BigWorkspace(ws);
        Map<String, String> env = ws.relayEnv();
        env.put("NOTION_RATE_LIMIT", "1000");
        Settings settings = TestRelay.settings(dir.resolve("relay.db"), env);
        storage = Storage.open(settings.databaseFile(), clock);
        // The client keeps real time (its rate budget sleeps on it); the job runs on the test's clock.
        client = Relay.notionClient(settings, Clock.systemUTC()).orElseThrow();
        job = Relay.syncJob(settings, Optional.of(client), storage, clock).orElseThrow();
    }

    @AfterEach
    void tearDown() {
        storage.close();
        ws.close();
    }

    @Test
    void aFullSyncMatchesNotionPageForPageAndRelationForRelation() {
        clock.advance(Duration.ofMinutes(5));
        SyncOutcome outcome = job.run(false);

        assertTrue(outcome.ok(), outcome.message());
        assertEquals("full", outcome.run().orElseThrow().mode());
        assertEquals(BigWorkspace.DEMOS + BigWorkspace.INTERACTIONS, outcome.run().orElseThrow().pagesSeen());
        assertCacheMatchesFake();

        // Pagination: 990 interactions at page_size 100 are 10 queries, each after the first with a cursor.
        List<RecordedCall> queries = ws.notion.calls("POST", "/v1/data_sources/" + ws.interactions.dataSourceId() + "/query");
        assertEquals(10, queries.size());
        for (int i = 0; i < queries.size(); i++) {
            JsonObject body = JsonParser.parseString(queries.get(i).body()).getAsJsonObject();
            assertEquals(100, body.get("page_size").getAsInt());
            assertEquals(i > 0, body.has("start_cursor"), "query " + i + " cursor");
        }
        // Every demo's relation is past 25 items: read through the page-property endpoint, the five
        // 150-item ones in two pages of 100, the five 48-item ones in one.
        List<RecordedCall> propertyReads = ws.notion.calls("GET", "/v1/pages/").stream()
                .filter(c -> c.path().contains("/properties/")).toList();
        assertEquals(15, propertyReads.size());
        assertTrue(propertyReads.stream().allMatch(c -> c.status() == 200));
        assertEquals(5, propertyReads.stream().filter(c -> c.path().contains("start_cursor=")).count());
    }

    @Test
    void anEditShowsAfterTheNextIncrementalSyncWhichAsksOnlyForRecentEdits() {
        clock.advance(Duration.ofMinutes(5));
        assertTrue(job.run(false).ok());

        clock.advance(Duration.ofMinutes(5));
        String edited = big.interactionIds.get(3);
        ws.notion.updateProperties(edited, BigWorkspace.title("Renamed interaction"));
        // Move one interaction from demo 0 to demo 1: both demos' 150-item relations change.
        String moved = big.interactionIds.get(10);
        ws.notion.updateProperties(moved, demoRelation(big.demoIds.get(1)));
        ws.notion.clearCalls();

        SyncOutcome outcome = job.run(false);

        assertTrue(outcome.ok(), outcome.message());
        assertEquals("incremental", outcome.run().orElseThrow().mode());
        assertEquals("Renamed interaction", storage.pages.find(edited).orElseThrow().title());
        // Only what changed since the last pass (minus the two-minute overlap) came back.
        assertEquals(4, outcome.run().orElseThrow().pagesSeen(), "the renamed, the moved and its two demos");
        RecordedCall query = ws.notion.calls("POST", "/v1/data_sources/" + ws.interactions.dataSourceId() + "/query").get(0);
        JsonObject filter = JsonParser.parseString(query.body()).getAsJsonObject().getAsJsonObject("filter");
        assertEquals("last_edited_time", filter.get("timestamp").getAsString());
        assertEquals(T0.plus(Duration.ofMinutes(3)).toString(),
                filter.getAsJsonObject("last_edited_time").get("on_or_after").getAsString());
        assertCacheMatchesFake();
    }

    @Test
    void aPropertyInjectionThatLeavesTheRelationAloneCostsNoRelationReadsAndOneThatChangesItDoes() {
        clock.advance(Duration.ofMinutes(5));
        assertTrue(job.run(false).ok());
        String demo = big.demoIds.get(0);

        // A property injection edits the demo page (150 interactions): the next incremental pass lists it.
        clock.advance(Duration.ofMinutes(5));
        ws.notion.updateProperties(demo, JsonParser.parseString(
                "{\"Viewing\": {\"checkbox\": true}, \"Current viewer\": {\"rich_text\": [{\"type\": \"text\","
                        + " \"text\": {\"content\": \"Ada\"}}]}}").getAsJsonObject());
        ws.notion.clearCalls();
        SyncOutcome injected = job.run(false);

        assertTrue(injected.ok(), injected.message());
        assertEquals("incremental", injected.run().orElseThrow().mode());
        assertEquals(1, injected.run().orElseThrow().pagesSeen(), "the demo page was listed");
        assertEquals(0, propertyReads(), "its relation did not change: not re-read");
        SyncRun.Spend spend = injected.run().orElseThrow().spend().orElseThrow();
        assertEquals(0, spend.relationReads());
        assertEquals(1, spend.relationsUnchanged());
        assertEquals(ws.notion.calls().size(), spend.requests(), "every request the fake saw is counted");
        assertTrue(storage.pages.find(demo).orElseThrow().properties().toString().contains("Ada"));

        // A new interaction for that demo: Notion appends it past the first 25, which the page object cannot show.
        clock.advance(Duration.ofMinutes(5));
        String added = ws.notion.createPage(ws.interactions.dataSourceId(),
                BigWorkspace.interaction("Interaction new", "clicked", demo)).get("id").getAsString();
        ws.notion.clearCalls();
        SyncOutcome grown = job.run(false);

        assertTrue(grown.ok(), grown.message());
        assertEquals(2, propertyReads(), "151 items: read again, in two pages of 100");
        assertEquals(added, last(storage.pages.find(demo).orElseThrow().relations().get("Interactions")));
        assertCacheMatchesFake();

        // A webhook says the relation changed: read even though nothing the pass sees differs.
        String propertyId = ws.notion.page(demo).orElseThrow().getAsJsonObject("properties")
                .getAsJsonObject("Interactions").get("id").getAsString();
        new RelationMarks(storage.db, clock).changed(demo, propertyId);
        clock.advance(Duration.ofMinutes(5));
        ws.notion.clearCalls();
        SyncOutcome marked = job.run(false);

        assertTrue(marked.ok(), marked.message());
        assertEquals(2, propertyReads(), "the marked relation is read though its page was not edited");
        assertEquals(0, count("SELECT COUNT(*) FROM relation_marks"), "the mark is answered");
        ws.notion.clearCalls();
        assertTrue(job.run(false).ok());
        assertEquals(0, propertyReads(), "and only once");
    }

    @Test
    void statusShowsSyncsShareOfTheRateBudget() {
        clock.advance(Duration.ofMinutes(5));
        SyncOutcome outcome = job.run(false);
        assertTrue(outcome.ok());
        int requests = outcome.run().orElseThrow().spend().orElseThrow().requests();
        assertEquals(ws.notion.calls().size(), requests);

        SyncShare.Figures share = new SyncShare(storage.syncRuns, 3, clock).lastHour();

        assertEquals(requests, share.requests());
        assertEquals(10_800, share.allowed(), "3 requests/s for an hour");
        assertTrue(share.toText().contains(String.format(java.util.Locale.ROOT, "%,d Notion requests", requests)),
                share.toText());
        clock.advance(Duration.ofMinutes(61));
        assertEquals(0, new SyncShare(storage.syncRuns, 3, clock).lastHour().requests(), "an hour later it has left the window");
    }

    private long propertyReads() {
        return ws.notion.calls("GET", "/v1/pages/").stream().filter(c -> c.path().contains("/properties/")).count();
    }

    private static String last(List<String> ids) {
        return ids.get(ids.size() - 1);
    }

    @Test
    void anEditInTheSameMinuteAsTheLastSyncIsStillCaught() {
        clock.advance(Duration.ofMinutes(5).plusSeconds(10));
        assertTrue(job.run(false).ok());
        // Edited 20 s after the pass began: Notion stamps it 10:05:00, before the watermark 10:05:10.
        clock.advance(Duration.ofSeconds(20));
        String edited = big.interactionIds.get(7);
        ws.notion.updateProperties(edited, BigWorkspace.title("Late in the minute"));

        assertTrue(job.run(false).ok());

        assertEquals("Late in the minute", storage.pages.find(edited).orElseThrow().title());
    }

    @Test
    void aPageMovedToTheTrashIsMarkedByTheNextFullPass() {
        clock.advance(Duration.ofMinutes(5));
        assertTrue(job.run(false).ok());
        String trashed = big.interactionIds.get(0);
        ws.notion.setTrash(trashed, true);

        clock.advance(Duration.ofMinutes(5));
        assertTrue(job.run(false).ok());
        assertFalse(storage.pages.find(trashed).orElseThrow().inTrash(),
                "Notion leaves trashed pages out of queries, so an incremental pass cannot see it");

        clock.advance(Duration.ofHours(1)); // a full pass is due
        SyncOutcome outcome = job.run(false);

        assertTrue(outcome.ok(), outcome.message());
        assertEquals("full", outcome.run().orElseThrow().mode());
        assertTrue(storage.pages.find(trashed).orElseThrow().inTrash());
        assertEquals(1, ws.notion.calls("GET", "/v1/pages/" + trashed).stream()
                .filter(c -> !c.path().contains("/properties/")).count(), "retrieved once to learn why it was missing");
        assertCacheMatchesFake();
    }

    @Test
    void aSyncCutShortByFaultsResumesWithoutLosingOrDoublingAnything() {
        clock.advance(Duration.ofMinutes(5));
        // The first long relation fails more times than the job retries: the Demos pass fails.
        for (int i = 0; i < SyncPolicy.defaults().attempts(); i++) {
            ws.notion.enqueueFault(Fault.status(503).on("GET", "/v1/pages/"));
        }
        SyncOutcome first = job.run(false);

        assertEquals(SyncOutcome.Result.FAILED, first.result());
        assertTrue(first.run().orElseThrow().error().orElseThrow().contains("service_unavailable"), first.message());
        assertTrue(first.run().orElseThrow().errors() >= SyncPolicy.defaults().attempts());
        SyncStateStore state = new SyncStateStore(storage.db);
        assertTrue(state.state(ws.demos.dataSourceId()).watermark().isEmpty(), "a failed pass never moves its watermark");
        assertTrue(state.state(ws.interactions.dataSourceId()).watermark().isPresent(), "the other source completed");

        // Then a flaky Notion, dropped connections and 503s on a fifth of the calls, under full passes
        // (the most calls): each run retries in-process, and a run that still fails is run again.
        ws.notion.setRandomFaults(0.2, 42, List.of(Fault.status(503), Fault.dropBeforeEffect()));
        List<SyncOutcome> runs = new ArrayList<>();
        do {
            runs.add(job.run(true));
        } while (!runs.get(runs.size() - 1).ok() && runs.size() < 5);
        ws.notion.setRandomFaults(0, 0, List.of());

        assertTrue(runs.get(runs.size() - 1).ok(), runs.toString());
        assertTrue(runs.stream().mapToInt(r -> r.run().orElseThrow().errors()).sum() > 0, "faults were met and retried");
        assertCacheMatchesFake();
        assertEquals("ok", storage.syncRuns.lastSuccessful().orElseThrow().status());
    }

    @Test
    void neverRunsTwiceAtOnceInOneProcessOrAcrossTwo() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        ws.notion.enqueueFault(Fault.slow(Duration.ofSeconds(2)).on("GET", "/v1/data_sources/"));
        CompletableFuture<SyncOutcome> running = CompletableFuture.supplyAsync(() -> job.run(false));
        Eventually.await("the first sync to start", Duration.ofSeconds(10),
                () -> !ws.notion.calls("GET", "/v1/data_sources/").isEmpty());

        SyncOutcome sameProcess = job.run(false);
        SyncJob otherProcess = Relay.syncJob(TestRelay.settings(dir.resolve("relay.db"), ws.relayEnv()),
                Optional.of(client), storage, clock).orElseThrow();
        SyncOutcome secondJob = otherProcess.run(false);

        assertEquals(SyncOutcome.Result.SKIPPED, sameProcess.result());
        assertTrue(sameProcess.message().contains("this process"), sameProcess.message());
        assertEquals(SyncOutcome.Result.SKIPPED, secondJob.result());
        assertTrue(secondJob.message().contains("another process"), secondJob.message());
        assertTrue(running.get().ok());
        assertTrue(otherProcess.run(false).ok(), "the lease is free again once the first run ends");
    }

    /** Every page of both data sources (trashed too) and every relation list, order included. */
    private void assertCacheMatchesFake() {
        List<JsonObject> fakePages = new ArrayList<>(ws.notion.pagesIn(ws.demos.dataSourceId()));
        fakePages.addAll(ws.notion.pagesIn(ws.interactions.dataSourceId()));
        int relationItems = 0;
        for (JsonObject page : fakePages) {
            String id = page.get("id").getAsString();
            CachedPage cached = storage.pages.find(id).orElseThrow(() -> new AssertionError("not cached: " + id));
            assertEquals(DemoWorkspace.text(page, "Name"), cached.title(), id);
            assertEquals(page.get("last_edited_time").getAsString(), cached.lastEditedTime(), id);
            assertEquals(page.get("in_trash").getAsBoolean(), cached.inTrash(), id);
            for (Map.Entry<String, JsonElement> p : page.getAsJsonObject("properties").entrySet()) {
                JsonObject value = p.getValue().getAsJsonObject();
                if (!value.get("type").getAsString().equals("relation")) {
                    continue;
                }
                List<String> expected = new ArrayList<>();
                value.getAsJsonArray("relation").forEach(r -> expected.add(r.getAsJsonObject().get("id").getAsString()));
                assertEquals(expected, cached.relations().getOrDefault(p.getKey(), List.of()), id + " " + p.getKey());
                relationItems += expected.size();
            }
        }
        assertEquals(fakePages.size(), count("SELECT COUNT(*) FROM pages WHERE data_source_id IN (?, ?)",
                ws.demos.dataSourceId(), ws.interactions.dataSourceId()));
        assertEquals(relationItems, count("SELECT COUNT(*) FROM relations"), "no relation row lost or doubled");
    }

    private int count(String sql, String... params) {
        return storage.db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static JsonObject demoRelation(String demoId) {
        JsonObject props = new JsonObject();
        props.add("Demo", BigWorkspace.relation(demoId));
        return props;
    }
}
