package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.cli.Main;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A permanent error dead-letters after one attempt; status shows it; replay delivers it once fixed. */
class DeadLetterReplayTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void validationErrorIsDeadAfterOneAttemptAndReplayDeliversIt() {
        Path db = dir.resolve("relay.db");
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(db, ws.relayEnv())) {
            ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
            String body = "{\"event_id\":\"dl-1\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
            assertEquals(202, relay.post("/example/database/page", body).status());
            Eventually.await("dead", Duration.ofSeconds(10),
                    () -> relay.get("/api/events/dl-1").json().get("status").getAsString().equals("dead"));
            assertEquals(1, relay.get("/api/events/dl-1").json().get("attempts").getAsInt());
            assertEquals(1, ws.notion.calls("POST", "/v1/pages").size(), "a permanent error is not retried");

            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_DB", db.toString());
            Run status = cli(env, "status");
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("dl-1"), status.out());
            assertTrue(status.out().contains("validation_error"), status.out());
            JsonObject json = JsonParser.parseString(cli(env, "status", "--json").out()).getAsJsonObject();
            assertEquals(1, json.getAsJsonObject("queue").get("dead").getAsInt());
            assertEquals("running", json.getAsJsonObject("delivery").get("state").getAsString(),
                    "the relay beside it holds the delivery lease");
            assertEquals("dl-1", json.getAsJsonArray("dead_letters").get(0).getAsJsonObject().get("event_id").getAsString());

            Run unknown = cli(env, "replay", "--event", "nope");
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("no event with id nope"));

            Run replay = cli(env, "replay", "--event", "dl-1");
            assertEquals(0, replay.code(), replay.err());
            assertTrue(replay.out().startsWith("1 dead job(s) queued again"), replay.out());
            Eventually.await("delivered after replay", Duration.ofSeconds(10),
                    () -> relay.get("/api/events/dl-1").json().get("status").getAsString().equals("delivered"));
            assertEquals(1, ws.notion.pagesIn(ws.interactions.dataSourceId()).size());

            relay.close();
            JsonObject stopped = JsonParser.parseString(cli(env, "status", "--json").out()).getAsJsonObject();
            assertTrue(stopped.getAsJsonObject("delivery").get("reason").getAsString().contains("is `serve` running?"),
                    stopped.toString());
        }
    }

    @Test
    void transientErrorsDeadLetterOnceAttemptsRunOut() {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_MAX_ATTEMPTS", "2");
            for (int i = 0; i < 6; i++) {
                ws.notion.enqueueFault(Fault.status(502, "bad_gateway", null).on("POST", "/v1/pages"));
            }
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
                String body = "{\"event_id\":\"dl-2\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
                assertEquals(202, relay.post("/example/database/page", body).status());
                Eventually.await("dead", Duration.ofSeconds(15),
                        () -> relay.get("/api/events/dl-2").json().get("status").getAsString().equals("dead"));
                JsonObject s = relay.getAsAdmin("/api/events/dl-2").json();
                assertTrue(s.get("last_error").getAsString().contains("gave up after 2 attempts"), s.toString());
            }
        }
    }
}
