package com.notionrelay.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each HTTP outcome is classified once, here, into the kind delivery acts on. */
class OkHttpNotionClientTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private MockWebServer server;
    private OkHttpNotionClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = client(server.url("/").toString().replaceAll("/$", ""), Duration.ofSeconds(5));
    }

    private OkHttpNotionClient client(String base, Duration readTimeout) {
        RateBudget unlimited = new RateBudget() {
            @Override
            public Optional<Duration> acquire() {
                return Optional.empty();
            }

            @Override
            public void pauseFor(Duration wait) {
            }
        };
        return new OkHttpNotionClient(base, "secret_token", "2026-03-11", Duration.ofSeconds(2), readTimeout, unlimited, clock);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse error(int status, String code) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"object\":\"error\",\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"m " + code
                        + "\",\"request_id\":\"r\"}");
    }

    private NotionError createFails(MockResponse response) {
        server.enqueue(response);
        return assertThrows(NotionException.class, () -> client.createPage(new JsonObject())).error();
    }

    private NotionError getFails(MockResponse response) {
        server.enqueue(response);
        return assertThrows(NotionException.class, () -> client.retrievePage("p")).error();
    }

    @Test
    void sendsTheHeadersNotionRequires() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"object\":\"page\",\"id\":\"x\"}"));
        JsonObject body = new JsonObject();
        body.addProperty("k", "v");
        assertEquals("x", client.createPage(body).get("id").getAsString());
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("POST", r.getMethod());
        assertEquals("/v1/pages", r.getPath());
        assertEquals("Bearer secret_token", r.getHeader("Authorization"));
        assertEquals("2026-03-11", r.getHeader("Notion-Version"));
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        assertEquals("{\"k\":\"v\"}", r.getBody().readUtf8());
    }

    @Test
    void validationErrorsArePermanent() {
        NotionError e = createFails(error(400, "validation_error"));
        assertEquals(ErrorKind.PERMANENT, e.kind());
        assertEquals("validation_error", e.code());
        assertEquals("m validation_error", e.message());
        assertFalse(e.needsOperator());
    }

    @Test
    void authAndSharingErrorsArePermanentAndNeedAnOperator() {
        for (int status : new int[] {401, 403, 404}) {
            NotionError e = createFails(error(status, "x"));
            assertEquals(ErrorKind.PERMANENT, e.kind(), "status " + status);
            assertTrue(e.needsOperator(), "status " + status);
        }
    }

    private static final String DATA_SOURCE = "11111111-2222-3333-4444-555555555555";
    private static final String DEMO_PAGE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private NotionError createInDataSourceFails(int status, String message) {
        server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"object\":\"error\",\"status\":" + status + ",\"code\":\"object_not_found\",\"message\":\""
                        + message + "\"}"));
        JsonObject body = new JsonObject();
        JsonObject parent = new JsonObject();
        parent.addProperty("data_source_id", DATA_SOURCE.replace("-", ""));
        body.add("parent", parent);
        return assertThrows(NotionException.class, () -> client.createPage(body)).error();
    }

    @Test
    void aMissingRelationTargetBlamesThatPageNotTheDataSource() {
        NotionError e = createInDataSourceFails(404, "Could not find page with ID: " + DEMO_PAGE
                + ". Make sure the relevant pages and databases are shared with your integration.");
        assertEquals(Blame.REFERENCED_OBJECT, e.blame());
        assertEquals(DEMO_PAGE, e.object().orElseThrow().value());
        assertTrue(e.needsOperator());
    }

    @Test
    void aMissingDataSourceBlamesTheAddressedTarget() {
        NotionError named = createInDataSourceFails(404, "Could not find data_source with ID: " + DATA_SOURCE + ".");
        assertEquals(Blame.ADDRESSED_OBJECT, named.blame());
        assertEquals(DATA_SOURCE, named.object().orElseThrow().value());
        NotionError unnamed = createInDataSourceFails(403, "Insufficient permissions for this endpoint.");
        assertEquals(Blame.ADDRESSED_OBJECT, unnamed.blame(), "no id in the message: the request's own target");
        assertEquals(Blame.TOKEN, createInDataSourceFails(401, "API token is invalid.").blame());
    }

    @Test
    void aLongBudgetPauseSendsNothingAndHandsTheWaitBack() {
        RateBudget paused = new RateBudget() {
            @Override
            public Optional<Duration> acquire() {
                return Optional.of(Duration.ofSeconds(120));
            }

            @Override
            public void pauseFor(Duration wait) {
            }
        };
        OkHttpNotionClient c = new OkHttpNotionClient(server.url("/").toString().replaceAll("/$", ""), "t", "2026-03-11",
                Duration.ofSeconds(1), Duration.ofSeconds(1), paused, clock);
        NotionError e = assertThrows(NotionException.class, () -> c.createPage(new JsonObject())).error();
        assertEquals(ErrorKind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
        assertEquals(0, server.getRequestCount(), "nothing reaches Notion while it asked everyone to wait");
    }

    @Test
    void conflictIsTransient() {
        assertEquals(ErrorKind.TRANSIENT, createFails(error(409, "conflict_error")).kind());
    }

    @Test
    void rateLimitedCarriesRetryAfterInSecondsOrAsAnHttpDate() {
        NotionError seconds = createFails(error(429, "rate_limited").setHeader("Retry-After", "7"));
        assertEquals(ErrorKind.RATE_LIMITED, seconds.kind());
        assertEquals(Duration.ofSeconds(7), seconds.retryAfter().orElseThrow());

        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(90), ZoneOffset.UTC));
        NotionError dated = createFails(error(429, "rate_limited").setHeader("Retry-After", date));
        assertEquals(Duration.ofSeconds(90), dated.retryAfter().orElseThrow());

        NotionError none = createFails(error(429, "rate_limited"));
        assertEquals(Duration.ofSeconds(1), none.retryAfter().orElseThrow());
    }

    @Test
    void serverErrorsAreAmbiguousForCreatesAndTransientForReads() {
        for (int status : new int[] {500, 502, 503, 504}) {
            assertEquals(ErrorKind.AMBIGUOUS, createFails(error(status, "e")).kind(), "POST " + status);
            assertEquals(ErrorKind.TRANSIENT, getFails(error(status, "e")).kind(), "GET " + status);
        }
    }

    @Test
    void serviceOverloadSlowsEveryCallerLikeARateLimit() {
        NotionError e = createFails(error(529, "service_overload").setHeader("Retry-After", "4"));
        assertEquals(ErrorKind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(4), e.retryAfter().orElseThrow());
    }

    @Test
    void aNonJsonErrorBodyIsStillClassifiedByStatus() {
        NotionError e = getFails(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>"));
        assertEquals(ErrorKind.TRANSIENT, e.kind());
        assertEquals("http_502", e.code());
    }

    @Test
    void aDroppedConnectionAfterSendingAPostIsAmbiguous() {
        NotionError e = createFails(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        assertEquals(ErrorKind.AMBIGUOUS, e.kind());
        assertEquals(1, server.getRequestCount(), "the POST was sent once: no silent resend");
        NotionError read = getFails(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        assertEquals(ErrorKind.TRANSIENT, read.kind());
    }

    @Test
    void aReadTimeoutOnAPostIsAmbiguous() {
        OkHttpNotionClient impatient = client(server.url("/").toString().replaceAll("/$", ""), Duration.ofMillis(300));
        server.enqueue(new MockResponse().setBody("{}").setHeadersDelay(2, TimeUnit.SECONDS));
        NotionError e = assertThrows(NotionException.class, () -> impatient.createPage(new JsonObject())).error();
        assertEquals(ErrorKind.AMBIGUOUS, e.kind());
        assertEquals(1, server.getRequestCount(), "the POST was sent once: no silent resend");
    }

    @Test
    void aRefusedConnectionIsTransientEvenForAPost() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OkHttpNotionClient nowhere = client("http://127.0.0.1:" + closedPort, Duration.ofSeconds(1));
        NotionError e = assertThrows(NotionException.class, () -> nowhere.createPage(new JsonObject())).error();
        assertEquals(ErrorKind.TRANSIENT, e.kind());
        assertEquals("connection_failed", e.code());
    }

    @Test
    void aRateLimitPausesTheSharedBudget() {
        Duration[] paused = new Duration[1];
        RateBudget recording = new RateBudget() {
            @Override
            public Optional<Duration> acquire() {
                return Optional.empty();
            }

            @Override
            public void pauseFor(Duration wait) {
                paused[0] = wait;
            }
        };
        OkHttpNotionClient c = new OkHttpNotionClient(server.url("/").toString().replaceAll("/$", ""), "t", "2026-03-11",
                Duration.ofSeconds(1), Duration.ofSeconds(1), recording, clock);
        server.enqueue(error(429, "rate_limited").setHeader("Retry-After", "3"));
        assertThrows(NotionException.class, () -> c.retrievePage("p"));
        assertEquals(Duration.ofSeconds(3), paused[0]);
    }
}
