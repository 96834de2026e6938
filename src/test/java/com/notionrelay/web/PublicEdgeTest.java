package com.notionrelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.config.InvalidSettingException;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge as the open internet sees it, over real HTTP: browser origins, known demos, the
 * per-client rate, and what reads without the admin token may show. Every refusal stores nothing.
 */
class PublicEdgeTest {

    private static final String PAGE = "/example/database/page";
    private static final String MADE_UP_DEMO = "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b";
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final OkHttpClient HTTP = new OkHttpClient();

    @TempDir
    Path dir;

    /** The status, the body and the headers a browser would look at. */
    private record Reply(int status, String body, okhttp3.Headers headers) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        String errorCode() {
            return json().getAsJsonObject("error").get("code").getAsString();
        }

        String errorField() {
            return json().getAsJsonObject("error").get("field").getAsString();
        }
    }

    private static Reply send(Request request) {
        try (Response r = HTTP.newCall(request).execute()) {
            return new Reply(r.code(), r.body() == null ? "" : r.body().string(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply post(TestRelay relay, String path, String body, Map<String, String> headers) {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path)
                .post(RequestBody.create(body, MediaType.get("text/plain; charset=utf-8")));
        headers.forEach(b::header);
        return send(b.build());
    }

    private static Reply get(TestRelay relay, String path, Map<String, String> headers) {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path).get();
        headers.forEach(b::header);
        return send(b.build());
    }

    private static String event(String id, String demo) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + demo + "\",\"action\":\"clicked\","
                + "\"guest\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},\"session_id\":\"tab-1\"}";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- origins ----

    @Test
    void aBrowserOnAnOriginNotAllowedIsRefusedAndNothingIsStored() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"),
                Map.of("RELAY_ALLOWED_ORIGINS", "https://demo.example.com, https://other.example.com/"))) {
            Reply refused = post(relay, PAGE, event("o-1", MADE_UP_DEMO), Map.of("Origin", "https://evil.example"));
            assertEquals(403, refused.status(), refused.body());
            assertEquals("origin_not_allowed", refused.errorCode());
            assertTrue(refused.body().contains("https://evil.example"), refused.body());
            assertNull(refused.headers().get("Access-Control-Allow-Origin"));
            assertEquals(0, relay.storedEvents());

            Reply preflightRefused = send(new Request.Builder().url(relay.baseUrl() + PAGE)
                    .method("OPTIONS", null).header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST").build());
            assertEquals(403, preflightRefused.status());
            assertEquals(0, relay.storedEvents());

            Reply allowed = post(relay, PAGE, event("o-2", MADE_UP_DEMO), Map.of("Origin", "https://demo.example.com"));
            assertEquals(202, allowed.status(), allowed.body());
            assertEquals("https://demo.example.com", allowed.headers().get("Access-Control-Allow-Origin"));
            Reply trailingSlashSetting = post(relay, PAGE, event("o-3", MADE_UP_DEMO), Map.of("Origin", "https://other.example.com"));
            assertEquals(202, trailingSlashSetting.status(), trailingSlashSetting.body());

            Reply own = post(relay, PAGE, event("o-4", MADE_UP_DEMO), Map.of("Origin", relay.baseUrl()));
            assertEquals(202, own.status(), "the relay's own origin (its /demo page) always passes: " + own.body());
            Reply noOrigin = post(relay, PAGE, event("o-5", MADE_UP_DEMO), Map.of());
            assertEquals(202, noOrigin.status(), "servers and scripts send no Origin: " + noOrigin.body());
            assertEquals(4, relay.storedEvents());

            Reply preflight = send(new Request.Builder().url(relay.baseUrl() + PAGE)
                    .method("OPTIONS", null).header("Origin", "https://demo.example.com")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").build());
            assertEquals(204, preflight.status());
            assertEquals("https://demo.example.com", preflight.headers().get("Access-Control-Allow-Origin"));
            assertTrue(preflight.headers().get("Access-Control-Allow-Methods").contains("POST"));
            assertTrue(preflight.headers().get("Access-Control-Allow-Headers").toLowerCase().contains("content-type"));

            // The public reads: an allowed origin may read them, another gets no CORS header.
            Reply read = get(relay, "/api/events/o-2", Map.of("Origin", "https://demo.example.com"));
            assertEquals(200, read.status());
            assertEquals("https://demo.example.com", read.headers().get("Access-Control-Allow-Origin"));
            Reply lookupAllowed = get(relay, "/api/demos/" + MADE_UP_DEMO + "/interactions", Map.of("Origin", "https://demo.example.com"));
            assertEquals("https://demo.example.com", lookupAllowed.headers().get("Access-Control-Allow-Origin"));
            Reply lookupOther = get(relay, "/api/demos/" + MADE_UP_DEMO + "/interactions", Map.of("Origin", "https://evil.example"));
            assertNull(lookupOther.headers().get("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void aStarAllowsAnyOrigin() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of("RELAY_ALLOWED_ORIGINS", "*"))) {
            Reply a = post(relay, PAGE, event("s-1", MADE_UP_DEMO), Map.of("Origin", "https://anywhere.example"));
            assertEquals(202, a.status(), a.body());
            assertEquals("https://anywhere.example", a.headers().get("Access-Control-Allow-Origin"));
            assertEquals(1, relay.storedEvents());
        }
    }

    @Test
    void withNoAllowedOriginsABrowserElsewhereIsRefused() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of())) {
            Reply refused = post(relay, PAGE, event("n-1", MADE_UP_DEMO), Map.of("Origin", "https://demo.example.com"));
            assertEquals(403, refused.status(), refused.body());
            assertEquals(0, relay.storedEvents());
        }
    }

    @Test
    void aBadOriginOrProxySettingStopsStartUpNamingIt() {
        InvalidSettingException origin = assertThrows(InvalidSettingException.class, () -> TestRelay.start(
                dir.resolve("a.db"), Map.of("RELAY_ALLOWED_ORIGINS", "demo.example.com")));
        assertTrue(origin.getMessage().contains("RELAY_ALLOWED_ORIGINS"), origin.getMessage());
        InvalidSettingException proxy = assertThrows(InvalidSettingException.class, () -> TestRelay.start(
                dir.resolve("b.db"), Map.of("RELAY_TRUSTED_PROXIES", "proxy.internal")));
        assertTrue(proxy.getMessage().contains("RELAY_TRUSTED_PROXIES"), proxy.getMessage());
        InvalidSettingException flag = assertThrows(InvalidSettingException.class, () -> TestRelay.start(
                dir.resolve("c.db"), Map.of("RELAY_ACCEPT_UNKNOWN_DEMOS", "yes")));
        assertTrue(flag.getMessage().contains("RELAY_ACCEPT_UNKNOWN_DEMOS"), flag.getMessage());
    }

    // ---- known demos ----

    @Test
    void onceDemosHasSyncedAnUnknownOrTrashedDemoIsRefused() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            Reply beforeSync = post(relay, PAGE, event("k-0", MADE_UP_DEMO), Map.of());
            assertEquals(202, beforeSync.status(), "nothing is known before Demos has synced: " + beforeSync.body());
            assertEquals(1, relay.storedEvents());

            assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
            int callsAfterSync = ws.notion.calls().size();

            Reply unknown = post(relay, PAGE, event("k-1", MADE_UP_DEMO), Map.of());
            assertEquals(422, unknown.status(), unknown.body());
            assertEquals("unknown_demo", unknown.errorCode());
            assertEquals("demo_id", unknown.errorField());
            assertTrue(unknown.body().contains("2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1b"), unknown.body());
            assertEquals(1, relay.storedEvents());

            String batch = "{\"events\":[" + event("k-2", ws.demoPageId) + "," + event("k-3", MADE_UP_DEMO) + "]}";
            Reply batchRefused = post(relay, "/example/database/pages", batch, Map.of());
            assertEquals(422, batchRefused.status(), batchRefused.body());
            assertEquals("events[1].demo_id", batchRefused.errorField());
            assertEquals(1, relay.storedEvents(), "a batch is all or nothing");

            assertEquals(202, post(relay, PAGE, event("k-4", ws.demoPageId), Map.of()).status());
            assertEquals(2, relay.storedEvents());

            // A demo made in Notion is refused until the cache learns it; a webhook refresh upserts it
            // through the one cache write path, and it is accepted at once.
            String fresh = ws.addDemo("Pricing tour");
            assertEquals(422, post(relay, PAGE, event("k-5", fresh), Map.of()).status());
            relay.relay().storage().pages.upsert(PageObjects.fromApi(ws.notion.page(fresh).orElseThrow()));
            assertEquals(202, post(relay, PAGE, event("k-6", fresh), Map.of()).status());

            // A demo put in the trash is refused once a sync sees it.
            ws.notion.setTrash(fresh, true);
            assertTrue(relay.relay().sync().orElseThrow().run(true).ok());
            Reply trashed = post(relay, PAGE, event("k-7", fresh), Map.of());
            assertEquals(422, trashed.status(), trashed.body());
            assertEquals("unknown_demo", trashed.errorCode());
            assertEquals(3, relay.storedEvents());
            assertTrue(ws.notion.calls().stream().skip(callsAfterSync)
                    .noneMatch(c -> c.path().contains(MADE_UP_DEMO.substring(0, 8))), "checked in memory, not in Notion");
        }
    }

    @Test
    void aSettingAcceptsUnknownDemos() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_ACCEPT_UNKNOWN_DEMOS", "true");
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
                assertEquals(202, post(relay, PAGE, event("u-1", MADE_UP_DEMO), Map.of()).status());
                assertEquals(1, relay.storedEvents());
            }
        }
    }

    @Test
    void aSyncInAnEarlierRunIsKnownAfterARestart() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
                assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
            }
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
                assertEquals(422, post(relay, PAGE, event("r-1", MADE_UP_DEMO), Map.of()).status());
                assertEquals(202, post(relay, PAGE, event("r-2", ws.demoPageId), Map.of()).status());
                assertEquals(1, relay.storedEvents());
            }
        }
    }

    // ---- per-client rate ----

    @Test
    void oneClientOverItsRateGets429WithRetryAfterAndNothingStored() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"),
                Map.of("RELAY_INTAKE_RATE", "0.01", "RELAY_INTAKE_BURST", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(202, post(relay, PAGE, event("r-" + i, MADE_UP_DEMO), Map.of()).status());
            }
            Reply limited = post(relay, PAGE, event("r-3", MADE_UP_DEMO), Map.of());
            assertEquals(429, limited.status(), limited.body());
            assertEquals("rate_limited", limited.errorCode());
            assertTrue(Long.parseLong(limited.headers().get("Retry-After")) >= 1, limited.headers().toString());
            assertEquals(3, relay.storedEvents());

            // Without a trusted proxy, X-Forwarded-For is whatever the client says: not believed.
            Reply spoofed = post(relay, PAGE, event("r-4", MADE_UP_DEMO), Map.of("X-Forwarded-For", "203.0.113.9"));
            assertEquals(429, spoofed.status());
            assertEquals(3, relay.storedEvents());
            // Reads are not intake: not limited.
            assertEquals(200, relay.get("/health").status());
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of("RELAY_INTAKE_RATE", "0.01",
                "RELAY_INTAKE_BURST", "2", "RELAY_TRUSTED_PROXIES", "127.0.0.0/8, ::1"))) {
            Map<String, String> alice = Map.of("X-Forwarded-For", "198.51.100.7");
            Map<String, String> bob = Map.of("X-Forwarded-For", "203.0.113.5, 127.0.0.1");
            assertEquals(202, post(relay, PAGE, event("p-1", MADE_UP_DEMO), alice).status());
            assertEquals(202, post(relay, PAGE, event("p-2", MADE_UP_DEMO), alice).status());
            assertEquals(429, post(relay, PAGE, event("p-3", MADE_UP_DEMO), alice).status());
            assertEquals(202, post(relay, PAGE, event("p-4", MADE_UP_DEMO), bob).status(), "bob has his own bucket");
            assertEquals(3, relay.storedEvents());
        }
    }

    @Test
    void aBatchSpendsATokenAnEvent() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"),
                Map.of("RELAY_INTAKE_RATE", "0.01", "RELAY_INTAKE_BURST", "3"))) {
            String two = "{\"events\":[" + event("b-1", MADE_UP_DEMO) + "," + event("b-2", MADE_UP_DEMO) + "]}";
            assertEquals(202, post(relay, "/example/database/pages", two, Map.of()).status());
            String twoMore = "{\"events\":[" + event("b-3", MADE_UP_DEMO) + "," + event("b-4", MADE_UP_DEMO) + "]}";
            Reply limited = post(relay, "/example/database/pages", twoMore, Map.of());
            assertEquals(429, limited.status(), limited.body());
            assertEquals(2, relay.storedEvents(), "the refused batch stored nothing");
        }
    }

    @Test
    void zeroTurnsTheLimitOff() {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"),
                Map.of("RELAY_INTAKE_RATE", "0", "RELAY_INTAKE_BURST", "1"))) {
            for (int i = 0; i < 5; i++) {
                assertEquals(202, post(relay, PAGE, event("z-" + i, MADE_UP_DEMO), Map.of()).status());
            }
            assertEquals(5, relay.storedEvents());
        }
    }

    // ---- public and private reads ----

    @Test
    void readsWithoutTheAdminTokenSeeOnlyPublicProperties() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
            assertEquals(202, relay.post(PAGE, event("v-1", ws.demoPageId)).status());
            Eventually.await("delivered", LIMIT, () -> relay.get("/api/events/v-1").json().get("status").getAsString()
                    .equals("delivered"));
            long stored = relay.storedEvents();
            String demo = ws.demoPageId;
            Map<String, String> admin = Map.of("Authorization", "Bearer " + DemoWorkspace.ADMIN_TOKEN);

            JsonObject publicList = get(relay, "/api/demos/" + demo + "/interactions", Map.of()).json();
            JsonObject item = publicList.getAsJsonArray("results").get(0).getAsJsonObject();
            assertEquals("clicked", item.get("title").getAsString());
            assertEquals(Set.of("Name", "Action", "Route", "Occurred at"), item.getAsJsonObject("properties").keySet());
            assertFalse(publicList.toString().contains("ada@example.com"), publicList.toString());
            assertFalse(publicList.toString().contains("tab-1"), "the session is private");
            JsonObject adminList = get(relay, "/api/demos/" + demo + "/interactions", admin).json();
            assertEquals("ada@example.com", adminList.getAsJsonArray("results").get(0).getAsJsonObject()
                    .getAsJsonObject("properties").get("Guest email").getAsString());

            String lookup = "/api/lookup?page=" + demo + "&relation=Interactions";
            assertNotPublic(get(relay, lookup + "&show=" + enc("Guest email"), Map.of()), "show");
            assertNotPublic(get(relay, lookup + "&show=Name&where=" + enc("Session:tab-1"), Map.of()), "where");
            assertNotPublic(get(relay, lookup + "&show=Name&sort=Payload", Map.of()), "sort");
            assertNotPublic(get(relay, lookup + "&show=Colour", Map.of()), "show"); // existing or not
            assertEquals(404, get(relay, "/api/lookup?page=" + demo + "&relation=Nope&show=Name", Map.of()).status(),
                    "an unknown relation is still 404");
            assertEquals("clicked", get(relay, lookup + "&show=Name&where=" + enc("Action:clicked"), Map.of()).json()
                    .get("value").getAsString());
            assertEquals("ada@example.com", get(relay, lookup + "&show=" + enc("Guest email"), admin).json()
                    .get("value").getAsString());

            Reply longJoin = get(relay, lookup + "&show=Name&join=" + enc("x".repeat(21)), admin);
            assertEquals(422, longJoin.status());
            assertEquals("join", longJoin.errorField());

            // /api/events and /health: the page id and Notion's words are the operator's.
            JsonObject publicStatus = relay.get("/api/events/v-1").json();
            assertEquals("delivered", publicStatus.get("status").getAsString());
            assertFalse(publicStatus.has("notion_page_id"), publicStatus.toString());
            assertTrue(relay.getAsAdmin("/api/events/v-1").json().has("notion_page_id"));
            assertEquals(stored, relay.storedEvents(), "reads store nothing");
        }
    }

    @Test
    void notionErrorTextsAreForTheAdminTokenOnly() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
            assertEquals(202, relay.post(PAGE, event("d-1", ws.demoPageId)).status());
            Eventually.await("dead", LIMIT, () -> relay.get("/api/events/d-1").json().get("status").getAsString().equals("dead"));

            JsonObject publicStatus = relay.get("/api/events/d-1").json();
            assertFalse(publicStatus.has("last_error"), publicStatus.toString());
            TestRelay.Answer publicHealth = relay.get("/health");
            assertFalse(publicHealth.body().contains("validation_error"), publicHealth.body());
            assertFalse(publicHealth.json().has("dead_letters"));
            assertEquals(1, publicHealth.json().getAsJsonObject("queue").get("dead").getAsInt(), "counts stay public");

            assertTrue(relay.getAsAdmin("/api/events/d-1").json().get("last_error").getAsString().contains("validation_error"));
            assertTrue(relay.getAsAdmin("/health").body().contains("validation_error"));
            Reply wrongToken = get(relay, "/api/events/d-1", Map.of("Authorization", "Bearer not-the-token"));
            assertFalse(wrongToken.json().has("last_error"));
        }
    }

    @Test
    void aLookupAnswerOverOneMegabyteIsRefusedNamingLimit() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            assertTrue(relay.relay().sync().orElseThrow().run(false).ok());
            // Two related pages whose names are 600 KB each, as a sync of such pages would cache them.
            String big = "n".repeat(600 * 1024);
            String[] ids = {"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa2"};
            for (String id : ids) {
                relay.relay().storage().pages.upsert(PageObjects.fromApi(JsonParser.parseString("""
                        {"object": "page", "id": "%s", "created_time": "2026-11-01T00:00:00.000Z",
                         "last_edited_time": "2026-11-01T00:00:00.000Z", "in_trash": false,
                         "parent": {"type": "data_source_id", "data_source_id": "%s"},
                         "properties": {"Name": {"id": "title", "type": "title", "title": [{"type": "text",
                             "text": {"content": "%s"}, "plain_text": "%s"}]},
                           "Demo": {"id": "d", "type": "relation", "relation": [{"id": "%s"}], "has_more": false}}}
                        """.formatted(id, ws.interactions.dataSourceId(), big, big, ws.demoPageId)).getAsJsonObject()));
            }
            String lookup = "/api/lookup?page=" + ws.demoPageId + "&relation=Interactions&show=Name";
            Reply tooLarge = get(relay, lookup, Map.of());
            assertEquals(422, tooLarge.status());
            assertEquals("limit", tooLarge.errorField());
            assertEquals(200, get(relay, lookup + "&limit=1", Map.of()).status(), "narrowed with limit, it answers");
        }
    }

    private static void assertNotPublic(Reply r, String field) {
        assertEquals(403, r.status(), r.body());
        assertEquals("property_not_public", r.errorCode());
        assertEquals(field, r.errorField());
    }
}
