package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobKind;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting writes to one demo page go out together: one PATCH, one append of many blocks. */
class CoalescingTest {

    @TempDir
    Path dir;

    @Test
    void aCoalescedPatchCarriesTheLatestValueOfEachPropertyAndEveryEventStillGetsItsPage() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            String demoPath = "/v1/pages/" + ws.demoPageId;
            // the first update is slow, so the others queue up behind it
            ws.notion.enqueueFault(Fault.slow(Duration.ofMillis(1500)).on("PATCH", demoPath));
            for (int i = 0; i < 40; i++) {
                String guest = i == 25 ? "" : ",\"guest\":{\"name\":\"g-" + i + "\"}"; // not every event names a viewer
                assertEquals(202, relay.post("/example/property_injections", ("{\"event_id\":\"pi-%d\",\"demo_id\":\"%s\","
                        + "\"action\":\"opened\",\"occurred_at\":\"2026-11-22T10:%02d:00Z\",\"properties\":{\"viewing\":%s}%s}")
                        .formatted(i, ws.demoPageId, i, i % 2 == 0, guest)).status());
            }
            Eventually.await("40 events delivered", Duration.ofSeconds(30), () -> IntStream.range(0, 40)
                    .allMatch(i -> relay.getAsAdmin("/api/events/pi-" + i).json().get("status").getAsString().equals("delivered")));

            List<RecordedCall> patches = ws.notion.calls("PATCH", demoPath).stream().filter(c -> c.status() == 200).toList();
            // how many depends on how fast the 40 posts arrive; one PATCH per update would be 40
            assertTrue(patches.size() <= 10, patches.size() + " PATCHes for 40 updates");
            JsonObject page = ws.notion.page(ws.demoPageId).orElseThrow();
            assertEquals("false", DemoWorkspace.text(page, "Viewing"), "event 39's value");
            assertTrue(DemoWorkspace.text(page, "Last viewed").startsWith("2026-11-22T10:39"));
            assertEquals("g-39", DemoWorkspace.text(page, "Current viewer"));
            RecordedCall last = patches.get(patches.size() - 1);
            assertTrue(last.body().contains("g-39") && !last.body().contains("g-38"), "one value per property: " + last.body());

            List<JsonObject> logPages = ws.notion.pagesIn(ws.interactions.dataSourceId());
            Set<String> ids = logPages.stream().map(p -> DemoWorkspace.text(p, "Event ID")).collect(Collectors.toSet());
            assertEquals(40, logPages.size());
            assertEquals(40, ids.size(), "each event its own Interactions page");

            List<Job> updates = IntStream.range(0, 40).mapToObj(i -> job(relay, "pi-" + i, JobKind.DEMO_PROPERTIES)).toList();
            long carried = updates.stream().filter(j -> j.carriedBy() != 0).count();
            assertTrue(carried >= 30, carried + " updates record the request that carried them");
            // and the operator's event status says so, naming the event whose request carried the update
            Job carriedOne = updates.stream().filter(j -> j.carriedBy() != 0 && j.carriedBy() != j.id()).findFirst().orElseThrow();
            JsonObject status = relay.getAsAdmin("/api/events/" + carriedOne.eventId()).json();
            String carrier = java.util.stream.StreamSupport.stream(status.getAsJsonArray("jobs").spliterator(), false)
                    .map(e -> e.getAsJsonObject()).filter(o -> o.get("kind").getAsString().equals(JobKind.DEMO_PROPERTIES.dbName()))
                    .findFirst().orElseThrow().get("carried_by_event").getAsString();
            assertTrue(carrier.startsWith("pi-") && !carrier.equals(carriedOne.eventId()), status.toString());
            assertTrue(!relay.get("/api/events/" + carriedOne.eventId()).json().has("jobs"), "for the operator only");
        }
    }

    @Test
    void waitingCalloutsGoOutAsOneAppendInOrder() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            String appendPath = "/v1/blocks/" + ws.demoPageId + "/children";
            ws.notion.enqueueFault(Fault.slow(Duration.ofMillis(1500)).on("PATCH", appendPath));
            for (int i = 0; i < 20; i++) {
                assertEquals(202, relay.post("/example/callout", "{\"event_id\":\"c-" + i + "\",\"demo_id\":\""
                        + ws.demoPageId + "\",\"action\":\"clicked " + i + "\"}").status());
            }
            Eventually.await("20 callouts delivered", Duration.ofSeconds(30), () -> IntStream.range(0, 20)
                    .allMatch(i -> relay.getAsAdmin("/api/events/c-" + i).json().get("status").getAsString().equals("delivered")));
            long appends = ws.notion.calls("PATCH", appendPath).stream().filter(c -> c.status() == 200).count();
            assertTrue(appends <= 6, appends + " appends for 20 callouts");
            List<String> texts = ws.notion.children(ws.demoPageId).stream()
                    .map(b -> b.getAsJsonObject("callout").getAsJsonArray("rich_text").get(0).getAsJsonObject()
                            .get("plain_text").getAsString()).toList();
            assertEquals(IntStream.range(0, 20).mapToObj(i -> "A guest clicked " + i).toList(), texts, "in acceptance order");
            Set<String> blockIds = IntStream.range(0, 20).mapToObj(i -> job(relay, "c-" + i, JobKind.CALLOUT).notionPageId())
                    .collect(Collectors.toSet());
            assertEquals(20, blockIds.size(), "each callout records its own block");
        }
    }

    private static Job job(TestRelay relay, String eventId, JobKind kind) {
        return relay.relay().storage().db.read(c -> relay.relay().storage().jobs.forEvent(c, eventId)).stream()
                .filter(j -> j.kind() == kind).findFirst().orElseThrow();
    }
}
