package com.notionrelay.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over HTTP against the real relay and the fake Notion: the gate, then every call. */
class AdminApiTest {

    private static final String ADMIN = "admin-api-test-token";
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final List<String[]> API = List.of(
            new String[] {"GET", "/admin/api/overview"}, new String[] {"GET", "/admin/api/events"},
            new String[] {"POST", "/admin/api/replay"}, new String[] {"POST", "/admin/api/targets/resume"},
            new String[] {"POST", "/admin/api/sync"}, new String[] {"GET", "/admin/api/webhook"},
            new String[] {"POST", "/admin/api/webhook/reset"}, new String[] {"GET", "/metrics"});

    @TempDir
    Path dir;

    @Test
    void withoutAnAdminTokenSetAdminAndMetricsDoNotExistAndSayHowToEnableThem() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), withoutAdminToken(ws))) {
            List<String[]> all = new ArrayList<>(API);
            all.add(new String[] {"GET", "/admin"});
            all.add(new String[] {"GET", "/admin/admin.js"});
            for (String[] call : all) {
                TestRelay.Answer a = call(relay, call[0], call[1], null, "Bearer anything");
                assertEquals(404, a.status(), call[1]);
                assertEquals("admin_disabled", a.json().getAsJsonObject("error").get("code").getAsString(), call[1]);
                assertTrue(a.json().getAsJsonObject("error").get("message").getAsString().contains("set RELAY_ADMIN_TOKEN"));
            }
        }
    }

    private static Map<String, String> withoutAdminToken(DemoWorkspace ws) {
        Map<String, String> env = new java.util.HashMap<>(ws.relayEnv());
        env.remove("RELAY_ADMIN_TOKEN");
        return env;
    }

    @Test
    void everyDataPathNeedsTheTokenWhileThePageLoadsWithoutIt() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            for (String[] call : API) {
                TestRelay.Answer missing = call(relay, call[0], call[1], null, null);
                assertEquals(401, missing.status(), call[1]);
                assertEquals("unauthorized", missing.json().getAsJsonObject("error").get("code").getAsString());
            }
            // wrong ones count towards the throttle (ten at once), so only a few here
            assertEquals(401, call(relay, "GET", "/admin/api/overview", null, "Bearer " + ADMIN + "x").status());
            assertEquals(401, call(relay, "GET", "/metrics", null, "Bearer " + ADMIN.substring(1)).status());
            assertEquals(401, call(relay, "GET", "/admin/api/overview", null, ADMIN).status(), "not a bearer header");
            try (Response page = raw(relay, "/admin")) {
                assertEquals(200, page.code());
                assertTrue(page.header("Content-Type").startsWith("text/html"));
                assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
            }
            try (Response script = raw(relay, "/admin/admin.js")) {
                assertEquals(200, script.code());
                assertTrue(script.header("Content-Type").startsWith("text/javascript"));
            }
        }
    }

    @Test
    void repeatedWrongTokensFromOneClientAreMadeToWaitEvenWithTheRightOneAfterwards() throws IOException {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(401, call(relay, "GET", "/admin/api/overview", null, "Bearer guess-" + i).status(), "guess " + i);
            }
            TestRelay.Answer slowed = call(relay, "GET", "/admin/api/overview", null, "Bearer guess-10");
            assertEquals(429, slowed.status());
            assertEquals("too_many_attempts", slowed.json().getAsJsonObject("error").get("code").getAsString());
            assertEquals(429, call(relay, "GET", "/admin/api/overview", null, "Bearer " + ADMIN).status(),
                    "while the client waits, no token is even compared");
            try (Response r = HTTP.newCall(new Request.Builder().url(relay.baseUrl() + "/metrics")
                    .header("Authorization", "Bearer " + ADMIN).build()).execute()) {
                assertEquals(429, r.code());
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
            }
            // A made-up X-Forwarded-For (no trusted proxy is set) does not buy a fresh bucket.
            try (Response r = HTTP.newCall(new Request.Builder().url(relay.baseUrl() + "/admin/api/overview")
                    .header("Authorization", "Bearer guess-11").header("X-Forwarded-For", "203.0.113.7").build()).execute()) {
                assertEquals(429, r.code());
            }
        }
    }

    @Test
    void overviewEventsAndReplayOfADeadLetterUntilItIsDelivered() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
            assertEquals(202, relay.post("/example/database/page", event("dead-1", ws.demoPageId)).status());
            Eventually.await("dead", Duration.ofSeconds(10), () -> status(relay, "dead-1").equals("dead"));
            for (int i = 1; i <= 3; i++) {
                assertEquals(202, relay.post("/example/database/page", event("ok-" + i, ws.demoPageId)).status());
            }
            Eventually.await("delivered", Duration.ofSeconds(10), () -> status(relay, "ok-3").equals("delivered"));

            JsonObject overview = admin(relay, "GET", "/admin/api/overview", null, 200);
            assertEquals(1, overview.getAsJsonObject("queue").get("dead").getAsInt());
            assertEquals(3, overview.getAsJsonObject("queue").get("delivered").getAsInt());
            assertEquals("running", overview.getAsJsonObject("delivery").get("state").getAsString());
            assertEquals("dead-1", overview.getAsJsonArray("dead_letters").get(0).getAsJsonObject().get("event_id").getAsString());
            assertTrue(overview.getAsJsonObject("sync").get("available").getAsBoolean());
            assertEquals("not_set", overview.getAsJsonObject("webhook").get("state").getAsString());
            JsonObject chart = overview.getAsJsonObject("chart");
            assertEquals(60, chart.getAsJsonArray("accepted").size());
            assertEquals(4, sum(chart.getAsJsonArray("accepted")));
            assertEquals(3, sum(chart.getAsJsonArray("delivered")));

            JsonObject dead = admin(relay, "GET", "/admin/api/events?status=dead", null, 200);
            assertEquals(1, dead.getAsJsonArray("events").size());
            JsonObject d = dead.getAsJsonArray("events").get(0).getAsJsonObject();
            assertEquals("dead-1", d.get("event_id").getAsString());
            assertTrue(d.get("last_error").getAsString().contains("validation_error"), d.toString());

            JsonObject firstPage = admin(relay, "GET", "/admin/api/events?limit=2", null, 200);
            assertEquals(List.of("ok-3", "ok-2"), ids(firstPage));
            JsonObject secondPage = admin(relay, "GET", "/admin/api/events?limit=2&cursor="
                    + firstPage.get("next_cursor").getAsString(), null, 200);
            assertEquals(List.of("ok-1", "dead-1"), ids(secondPage));
            assertTrue(secondPage.get("next_cursor").isJsonNull());
            assertEquals(List.of("ok-3", "ok-2", "ok-1"), ids(admin(relay, "GET", "/admin/api/events?status=delivered", null, 200)));
            assertEquals(List.of(), ids(admin(relay, "GET", "/admin/api/events?status=queued", null, 200)));
            assertEquals("status", error(admin(relay, "GET", "/admin/api/events?status=lost", null, 422)));
            assertEquals("limit", error(admin(relay, "GET", "/admin/api/events?limit=0", null, 422)));
            assertEquals("limit", error(admin(relay, "GET", "/admin/api/events?limit=many", null, 422)));
            assertEquals("cursor", error(admin(relay, "GET", "/admin/api/events?cursor=x", null, 422)));

            assertEquals("event_id", error(admin(relay, "POST", "/admin/api/replay", "{\"event_id\":\"nope\"}", 404)));
            assertEquals("event", error(admin(relay, "POST", "/admin/api/replay", "{\"event\":\"dead-1\"}", 422)));
            admin(relay, "POST", "/admin/api/replay", "{\"event_id\":", 400);
            JsonObject replayed = admin(relay, "POST", "/admin/api/replay", "{\"event_id\":\"dead-1\"}", 200);
            assertEquals(1, replayed.get("replayed").getAsInt());
            Eventually.await("delivered after replay", Duration.ofSeconds(10), () -> status(relay, "dead-1").equals("delivered"));
            assertEquals(4, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());
            assertEquals(0, admin(relay, "POST", "/admin/api/replay", null, 200).get("replayed").getAsInt(),
                    "no body: every dead letter, and none is left");
        }
    }

    @Test
    void replayWithoutABodyReplaysEveryDeadLetter() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            for (int i = 1; i <= 2; i++) {
                ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
                assertEquals(202, relay.post("/example/database/page", event("d-" + i, ws.demoPageId)).status());
                String id = "d-" + i;
                Eventually.await("dead", Duration.ofSeconds(10), () -> status(relay, id).equals("dead"));
            }
            assertEquals(2, admin(relay, "POST", "/admin/api/replay", "", 200).get("replayed").getAsInt());
            Eventually.await("both delivered", Duration.ofSeconds(10),
                    () -> status(relay, "d-1").equals("delivered") && status(relay, "d-2").equals("delivered"));
        }
    }

    @Test
    void probeNowResumesAPausedTargetAtOnce() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = env(ws);
            env.put("RELAY_OPERATOR_PROBE_INTERVAL", "3600"); // left alone, the next probe is an hour away
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                ws.notion.enqueueFault(Fault.status(404, "object_not_found", null).on("POST", "/v1/pages"));
                assertEquals(202, relay.post("/example/database/page", event("p-1", ws.demoPageId)).status());
                Eventually.await("paused", Duration.ofSeconds(10), () -> pausedTargets(relay).size() == 1);
                JsonObject paused = pausedTargets(relay).get(0).getAsJsonObject();
                String target = paused.get("target").getAsString();
                assertTrue(paused.get("reason").getAsString().contains("share the Interactions database"), paused.toString());

                assertEquals("target", error(admin(relay, "POST", "/admin/api/targets/resume", "{}", 422)));
                assertEquals("target", error(admin(relay, "POST", "/admin/api/targets/resume",
                        "{\"target\":\"demo page nowhere\"}", 404)));
                JsonObject probe = admin(relay, "POST", "/admin/api/targets/resume", "{\"target\":\"" + target + "\"}", 202);
                assertEquals(target, probe.get("target").getAsString());
                Eventually.await("delivered once the probe succeeded", Duration.ofSeconds(10),
                        () -> status(relay, "p-1").equals("delivered"));
                assertEquals(0, pausedTargets(relay).size());
            }
        }
    }

    @Test
    void syncNowAndTheWebhookTokenFromTheEnvironment() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = env(ws);
            env.put("NOTION_WEBHOOK_VERIFICATION_TOKEN", "secret_webhook_verification");
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                JsonObject sync = admin(relay, "POST", "/admin/api/sync", null, 200);
                assertEquals("completed", sync.get("result").getAsString(), sync.toString());
                assertEquals("ok", admin(relay, "GET", "/admin/api/overview", null, 200)
                        .getAsJsonObject("last_sync").get("status").getAsString());

                JsonObject state = admin(relay, "GET", "/admin/api/webhook", null, 200);
                assertEquals("set", state.get("state").getAsString());
                assertEquals("environment", state.get("source").getAsString());
                assertFalse(state.has("token"), "shown only when asked for");
                assertEquals("secret_webhook_verification",
                        admin(relay, "GET", "/admin/api/webhook?reveal=true", null, 200).get("token").getAsString());
                JsonObject reset = admin(relay, "POST", "/admin/api/webhook/reset", null, 409);
                assertTrue(reset.getAsJsonObject("error").get("message").getAsString().contains("set in the environment"));
            }
        }
    }

    @Test
    void aTokenStoredByNotionsHandshakeIsRevealedAndResetHere() {
        try (DemoWorkspace ws = new DemoWorkspace(); TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env(ws))) {
            assertEquals(200, relay.post("/webhooks/notion", "{\"verification_token\":\"secret_from_notion\"}").status());
            JsonObject state = admin(relay, "GET", "/admin/api/webhook", null, 200);
            assertEquals("set", state.get("state").getAsString());
            assertEquals("handshake", state.get("source").getAsString());
            assertEquals("secret_from_notion",
                    admin(relay, "GET", "/admin/api/webhook?reveal=true", null, 200).get("token").getAsString());
            assertEquals(409, relay.post("/webhooks/notion", "{\"verification_token\":\"secret_other\"}").status(),
                    "nobody replaces the stored token by posting first");

            admin(relay, "POST", "/admin/api/webhook/reset", null, 200);
            assertEquals("not_set", admin(relay, "GET", "/admin/api/webhook", null, 200).get("state").getAsString());
            assertEquals(200, relay.post("/webhooks/notion", "{\"verification_token\":\"secret_other\"}").status(),
                    "after a reset the next handshake is stored");
            assertEquals("secret_other",
                    admin(relay, "GET", "/admin/api/webhook?reveal=true", null, 200).get("token").getAsString());
        }
    }

    @Test
    void syncNowWithoutNotionSaysWhatIsMissing() {
        Map<String, String> env = new HashMap<>();
        env.put("RELAY_ADMIN_TOKEN", ADMIN);
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
            JsonObject off = admin(relay, "POST", "/admin/api/sync", null, 409);
            assertTrue(off.getAsJsonObject("error").get("message").getAsString().contains("NOTION_TOKEN"));
            JsonObject overview = admin(relay, "GET", "/admin/api/overview", null, 200);
            assertFalse(overview.getAsJsonObject("sync").get("available").getAsBoolean());
            assertEquals("paused", overview.getAsJsonObject("delivery").get("state").getAsString());
        }
    }

    private static Map<String, String> env(DemoWorkspace ws) {
        Map<String, String> env = new HashMap<>(ws.relayEnv());
        env.put("RELAY_ADMIN_TOKEN", ADMIN);
        return env;
    }

    private static String event(String id, String demo) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + demo + "\",\"action\":\"clicked\"}";
    }

    private static String status(TestRelay relay, String id) {
        return relay.get("/api/events/" + id).json().get("status").getAsString();
    }

    private static JsonArray pausedTargets(TestRelay relay) {
        return admin(relay, "GET", "/admin/api/overview", null, 200).getAsJsonObject("delivery").getAsJsonArray("paused_targets");
    }

    private static List<String> ids(JsonObject page) {
        List<String> out = new ArrayList<>();
        page.getAsJsonArray("events").forEach(e -> out.add(e.getAsJsonObject().get("event_id").getAsString()));
        return out;
    }

    private static long sum(JsonArray a) {
        long n = 0;
        for (var e : a) {
            n += e.getAsLong();
        }
        return n;
    }

    private static String error(JsonObject answer) {
        assertNotNull(answer.getAsJsonObject("error"), answer.toString());
        return answer.getAsJsonObject("error").get("field").getAsString();
    }

    /** A call with the admin token that must answer {@code expected}. */
    private static JsonObject admin(TestRelay relay, String method, String path, String body, int expected) {
        TestRelay.Answer a = call(relay, method, path, body, "Bearer " + ADMIN);
        assertEquals(expected, a.status(), method + " " + path + ": " + a.body());
        return a.json();
    }

    private static TestRelay.Answer call(TestRelay relay, String method, String path, String body, String authorization) {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path);
        if (method.equals("POST")) {
            b.post(RequestBody.create(body == null ? "" : body, MediaType.get("application/json")));
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return TestRelay.call(b.build());
    }

    private static Response raw(TestRelay relay, String path) {
        try {
            return HTTP.newCall(new Request.Builder().url(relay.baseUrl() + path).build()).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
