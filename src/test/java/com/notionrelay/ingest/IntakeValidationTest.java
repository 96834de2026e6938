package com.notionrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.BodySize;
import com.notionrelay.route.EventContext;
import com.notionrelay.route.RouteFiles;
import com.notionrelay.route.RouteModule;
import com.notionrelay.store.EventStore;
import com.notionrelay.store.JobState;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake path over real HTTP, with no Notion token: what is refused, and that nothing is stored. */
class IntakeValidationTest {

    private static final String PATH = "/example/database/page";
    private static final String DEMO = "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b";

    @TempDir
    Path dir;
    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dir.resolve("relay.db"), Map.of());
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private long storedEvents() {
        return relay.relay().storage().db.read(c -> new EventStore().count(c));
    }

    private void assertRefused(int status, String code, String field, TestRelay.Answer a) {
        assertEquals(status, a.status(), a.body());
        JsonObject error = a.json().getAsJsonObject("error");
        assertEquals(code, error.get("code").getAsString(), a.body());
        if (field != null) {
            assertEquals(field, error.get("field").getAsString(), a.body());
        }
        assertTrue(error.get("message").getAsString().length() > 5);
        assertEquals(0, storedEvents(), "nothing may be stored for a refused event");
    }

    @Test
    void acceptsAValidEventAndQueuesItWhileDeliveryIsPaused() {
        TestRelay.Answer a = relay.post(PATH, "{\"event_id\":\"e-1\",\"demo_id\":\"" + DEMO + "\",\"action\":\"viewed\","
                + "\"occurred_at\":\"2026-11-22T10:15:00+01:00\",\"guest\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"}}");
        assertEquals(202, a.status(), a.body());
        assertEquals("queued", a.json().get("status").getAsString());
        assertEquals("e-1", a.json().get("event_id").getAsString());
        assertEquals(1, storedEvents());
        JsonObject status = relay.get("/api/events/e-1").json();
        assertEquals("queued", status.get("status").getAsString());
        assertEquals(1L, relay.relay().storage().jobs.countsByState().get(JobState.PENDING));
    }

    @Test
    void assignsAnEventIdWhenNoneIsGivenAndAcceptsTextPlain() {
        TestRelay.Answer a = relay.post(PATH, "{\"demo_id\":\"2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1b\",\"action\":\"clicked\"}",
                "text/plain;charset=UTF-8");
        assertEquals(202, a.status(), a.body());
        String id = a.json().get("event_id").getAsString();
        assertEquals("queued", relay.get("/api/events/" + id).json().get("status").getAsString());
    }

    @Test
    void malformedJsonIs400() {
        assertRefused(400, "invalid_json", null, relay.post(PATH, "{\"demo_id\": \"" + DEMO + "\", \"action\": "));
        assertRefused(400, "invalid_json", null, relay.post(PATH, "[1,2]"));
        assertRefused(400, "invalid_json", null, relay.post(PATH, "{\"a\":1} trailing"));
    }

    @Test
    void missingOrBadFieldsAre422NamingTheField() {
        assertRefused(422, "invalid_field", "demo_id", relay.post(PATH, "{\"action\":\"viewed\"}"));
        assertRefused(422, "invalid_field", "demo_id", relay.post(PATH, "{\"demo_id\":\"demo-42\",\"action\":\"viewed\"}"));
        assertRefused(422, "invalid_field", "action", relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\"}"));
        assertRefused(422, "invalid_field", "action", relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":\"\"}"));
        assertRefused(422, "invalid_field", "action",
                relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":\"" + "x".repeat(101) + "\"}"));
        assertRefused(422, "invalid_field", "action", relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":7}"));
        assertRefused(422, "invalid_field", "occurred_at",
                relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\",\"occurred_at\":\"yesterday\"}"));
        assertRefused(422, "invalid_field", "guest.email",
                relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\",\"guest\":{\"email\":\"nope\"}}"));
        assertRefused(422, "invalid_field", "colour",
                relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\",\"colour\":\"red\"}"));
    }

    @Test
    void bodyOverOneMegabyteIs413() {
        String big = "{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\",\"properties\":{\"blob\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
        assertRefused(413, "payload_too_large", null, relay.post(PATH, big));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WithoutBeingReadWhole() {
        // no Content-Length: the body streams in chunks, 64 MB of them unless the relay stops reading
        okio.ByteString chunk = okio.ByteString.encodeUtf8("x".repeat(64 * 1024));
        okhttp3.RequestBody endless = new okhttp3.RequestBody() {
            @Override
            public okhttp3.MediaType contentType() {
                return okhttp3.MediaType.get("application/json");
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                sink.writeUtf8("{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\",\"properties\":{\"blob\":\"");
                for (int i = 0; i < 1024; i++) {
                    sink.write(chunk);
                }
                sink.writeUtf8("\"}}");
            }
        };
        TestRelay.Answer a;
        try {
            a = TestRelay.call(new okhttp3.Request.Builder().url(relay.baseUrl() + PATH).post(endless).build());
        } catch (java.io.UncheckedIOException reset) {
            // the relay may answer and close before the client has finished sending: refused either way
            assertEquals(0, storedEvents());
            return;
        }
        assertRefused(413, "payload_too_large", null, a);
    }

    @Test
    void anEventWhoseNotionRequestWouldPassNotions500KbLimitIs422() {
        // 300,000 CJK characters: within the 1 MB body limit as UTF-8, but the Payload property alone
        // (cut at 200,000 characters) would make a request of about 600 KB, which Notion refuses
        String body = "{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\",\"properties\":{\"note\":\""
                + "字".repeat(300_000) + "\"}}";
        TestRelay.Answer a = relay.post(PATH, body);
        assertRefused(422, "invalid_field", "properties", a);
        assertTrue(a.json().getAsJsonObject("error").get("message").getAsString().contains("Notion accepts at most 500000"),
                a.body());
    }

    @Test
    void anEventJustUnderNotions500KbLimitIsAcceptedAndOneJustOverIsRefused() {
        // the bound intake uses passes the limit long before the body does, so both sides of the
        // edge are measured exactly; the sizes here are the serialised Interactions page body
        int under = largestNoteWithin(RouteModule.MAX_REQUEST_BYTES);
        int overBytes = interactionsPageBytes(under + 1);
        assertTrue(interactionsPageBytes(under) <= RouteModule.MAX_REQUEST_BYTES
                && overBytes > RouteModule.MAX_REQUEST_BYTES);

        TestRelay.Answer over = relay.post(PATH, edgeEvent(under + 1));
        assertRefused(422, "invalid_field", "properties", over);
        assertTrue(over.json().getAsJsonObject("error").get("message").getAsString().contains(overBytes + " bytes"),
                over.body());
        TestRelay.Answer accepted = relay.post(PATH, edgeEvent(under));
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals(1, storedEvents());
    }

    private static String edgeEvent(int noteChars) {
        return "{\"event_id\":\"edge\",\"demo_id\":\"" + DEMO + "\",\"action\":\"a\","
                + "\"occurred_at\":\"2026-11-22T10:15:00Z\",\"properties\":{\"note\":\"" + "字".repeat(noteChars) + "\"}}";
    }

    /** The bytes of the Interactions page request the relay would build for {@link #edgeEvent}. */
    private static int interactionsPageBytes(int noteChars) {
        InteractionEvent event = new EventParser(Clock.systemUTC())
                .parse(JsonParser.parseString(edgeEvent(noteChars)).getAsJsonObject(), "database-page");
        JsonObject body = RouteFiles.shipped().of("database-page").interactionPage()
                .body(EventContext.of(event), "00000000-0000-0000-0000-000000000000");
        return BodySize.exact(body);
    }

    private static int largestNoteWithin(int limit) {
        int low = 1;          // within the limit
        int high = 200_000;   // past it (about 600 KB)
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (interactionsPageBytes(mid) <= limit) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Test
    void wrongContentTypeIs415() {
        assertRefused(415, "unsupported_media_type", null,
                relay.post(PATH, "{\"demo_id\":\"" + DEMO + "\",\"action\":\"a\"}", "application/x-www-form-urlencoded"));
    }

    @Test
    void repeatedEventIdIs200DuplicateAndStoresNothingNew() {
        String body = "{\"event_id\":\"same\",\"demo_id\":\"" + DEMO + "\",\"action\":\"viewed\"}";
        assertEquals(202, relay.post(PATH, body).status());
        TestRelay.Answer again = relay.post(PATH, "{\"event_id\":\"same\",\"demo_id\":\"" + DEMO + "\",\"action\":\"other\"}");
        assertEquals(200, again.status());
        assertEquals("duplicate", again.json().get("status").getAsString());
        assertEquals(1, storedEvents());
        assertEquals(1L, relay.relay().storage().jobs.countsByState().get(JobState.PENDING));
    }

    @Test
    void healthSaysDeliveryIsPausedUntilATokenIsSet() {
        TestRelay.Answer h = relay.get("/health");
        assertEquals(200, h.status());
        JsonObject delivery = h.json().getAsJsonObject("delivery");
        assertEquals("paused", delivery.get("state").getAsString());
        assertTrue(delivery.get("reason").getAsString().contains("NOTION_TOKEN"));
        assertTrue(h.json().getAsJsonObject("database").get("reachable").getAsBoolean());
    }

    @Test
    void unknownPathsAndEventsAnswerJson404() {
        assertEquals(404, relay.get("/api/events/nope").status());
        assertEquals("not_found", relay.get("/nowhere").json().getAsJsonObject("error").get("code").getAsString());
    }
}
