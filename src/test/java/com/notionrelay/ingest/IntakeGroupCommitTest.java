package com.notionrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intake through the group-commit writer, over real HTTP: exact duplicates, 503 when it cannot
 * commit, and no server thread held while a request waits for its commit or for the rest of its
 * body.
 */
class IntakeGroupCommitTest {

    private static final String PATH = "/example/database/page";
    private static final String DEMO = "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b";

    @TempDir
    Path dir;

    @Test
    void concurrentPostsOfOneEventIdStoreOneEvent() throws Exception {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of())) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<TestRelay.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(pool.submit(() -> relay.post(PATH, event("one-id"))));
            }
            int queued = 0;
            int duplicate = 0;
            for (Future<TestRelay.Answer> f : answers) {
                TestRelay.Answer a = f.get();
                if (a.status() == 202) {
                    queued++;
                } else {
                    assertEquals(200, a.status(), a.body());
                    assertEquals("duplicate", a.json().get("status").getAsString());
                    duplicate++;
                }
            }
            pool.shutdown();
            assertEquals(1, queued);
            assertEquals(31, duplicate);
            assertEquals(1, relay.storedEvents());
            assertEquals("queued", relay.get("/api/events/one-id").json().get("status").getAsString());
        }
    }

    @Test
    void aStoreThatCannotCommitInTimeAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        Map<String, String> env = Map.of("RELAY_INTAKE_COMMIT_TIMEOUT_MS", "200");
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
            OkHttpClient http = new OkHttpClient();
            Request post = new Request.Builder().url(relay.baseUrl() + PATH)
                    .post(RequestBody.create(event("held-up"), MediaType.get("application/json"))).build();
            // another process holds SQLite's write lock for longer than intake may wait
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("relay.db").toAbsolutePath());
                 Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try (Response r = http.newCall(post).execute()) {
                    assertEquals(503, r.code());
                    assertEquals("1", r.header("Retry-After"));
                    JsonObject error = JsonParser.parseString(r.body().string()).getAsJsonObject().getAsJsonObject("error");
                    assertEquals("store_busy", error.get("code").getAsString());
                    assertTrue(error.get("message").getAsString().contains("nothing was stored"), error.toString());
                }
                s.execute("ROLLBACK");
            }
            assertEquals(0, relay.storedEvents());
            try (Response r = http.newCall(post).execute()) {
                assertEquals(202, r.code(), "the retry is accepted as new: nothing was stored before");
            }
            assertEquals(1, relay.storedEvents());
        }
    }

    @Test
    void intakeWaitingForTheStoreHoldsNoServerThread() throws Exception {
        // more waiting intake requests than the server has threads (128)
        int waiting = 200;
        // one client sends them all: its rate is not what this is about
        Map<String, String> env = Map.of("RELAY_INTAKE_COMMIT_TIMEOUT_MS", "30000", "RELAY_INTAKE_RATE", "0");
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
            OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
            http.dispatcher().setMaxRequests(waiting);
            http.dispatcher().setMaxRequestsPerHost(waiting);
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            // another process holds SQLite's write lock: every intake request waits for its commit
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("relay.db").toAbsolutePath());
                 Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                for (int i = 0; i < waiting; i++) {
                    Request post = new Request.Builder().url(relay.baseUrl() + PATH)
                            .post(RequestBody.create(event("waiting-" + i), MediaType.get("application/json"))).build();
                    answers.add(status(http.newCall(post)));
                }
                Eventually.await("every request sent", Duration.ofSeconds(30),
                        () -> http.dispatcher().runningCallsCount() == waiting);
                Thread.sleep(500); // and arrived
                OkHttpClient impatient = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
                try (Response health = impatient.newCall(new Request.Builder().url(relay.baseUrl() + "/health/live").build())
                        .execute()) {
                    assertEquals(200, health.code(), "answered while " + waiting + " intake requests wait for the store");
                }
                answers.forEach(a -> assertFalse(a.isDone(), "nothing answered before it is committed"));
                s.execute("ROLLBACK");
            }
            for (CompletableFuture<Integer> a : answers) {
                assertEquals(202, a.get(60, TimeUnit.SECONDS));
            }
            assertEquals(waiting, relay.storedEvents());
        }
    }

    @Test
    void clientsThatStopHalfwayThroughABodyHoldNoServerThread() throws Exception {
        // more than the server has threads (128)
        int stalled = 160;
        // one client opens them all: its rate is not what this is about
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of("RELAY_INTAKE_RATE", "0"))) {
            URI base = URI.create(relay.baseUrl());
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < stalled; i++) {
                    Socket s = new Socket(base.getHost(), base.getPort());
                    sockets.add(s);
                    sendHalfABody(s, base);
                }
                Thread.sleep(500); // and arrived
                OkHttpClient impatient = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
                try (Response health = impatient.newCall(new Request.Builder().url(relay.baseUrl() + "/health/live").build())
                        .execute()) {
                    assertEquals(200, health.code(), "answered while " + stalled + " bodies wait to be finished");
                }
                Request post = new Request.Builder().url(relay.baseUrl() + PATH)
                        .post(RequestBody.create(event("after-the-stalled"), MediaType.get("application/json"))).build();
                try (Response r = impatient.newCall(post).execute()) {
                    assertEquals(202, r.code(), "another client's event is stored meanwhile");
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(1, relay.storedEvents(), "nothing of the unfinished bodies");
        }
    }

    @Test
    void aBodyThatStopsArrivingIsAnsweredOrClosedAfterTheIdleTimeout() throws Exception {
        Map<String, String> env = Map.of("RELAY_HTTP_IDLE_TIMEOUT_MS", "1000");
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env)) {
            URI base = URI.create(relay.baseUrl());
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(15_000);
                sendHalfABody(s, base);
                // Spark's own idle timeout is an hour: the read below would time out
                byte[] got = s.getInputStream().readAllBytes();
                String answer = new String(got, StandardCharsets.UTF_8);
                assertTrue(got.length == 0 || answer.startsWith("HTTP/1.1 408"),
                        "closed, or answered 408, once the body stopped arriving for the idle timeout: " + answer);
            }
            assertEquals(0, relay.storedEvents());
        }
    }

    /** An intake POST declaring a 100-byte body, and the first 12 bytes of it. */
    private static void sendHalfABody(Socket s, URI base) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("POST " + PATH + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"event_id\":").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static CompletableFuture<Integer> status(Call call) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                status.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response r) {
                try (r) {
                    status.complete(r.code());
                }
            }
        });
        return status;
    }

    private static String event(String id) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + DEMO + "\",\"action\":\"viewed\"}";
    }
}
