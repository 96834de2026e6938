package com.notionrelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON answers go out with their length, not chunked: one socket write per answer instead of a
 * chunked body and then its last chunk (issue 11's intake CPU).
 */
class ResponseFramingTest {

    @TempDir
    Path dir;

    private final OkHttpClient http = new OkHttpClient();

    @Test
    void jsonAnswersCarryTheirLengthAndAreNotChunked() throws IOException {
        try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), Map.of(
                "RELAY_ACCEPT_UNKNOWN_DEMOS", "true", "RELAY_ADMIN_TOKEN", "framing-test-token-0123456789"))) {
            String base = relay.baseUrl();
            String event = "{\"event_id\":\"framing-1\",\"demo_id\":\"2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b\","
                    + "\"action\":\"viewed ünïcode\",\"session_id\":\"s-1\"}";
            assertFramed(202, post(base + "/example/database/page", event));
            assertFramed(200, post(base + "/example/database/page", event)); // duplicate
            assertFramed(400, post(base + "/example/database/page", "{not json"));
            assertFramed(404, new Request.Builder().url(base + "/no-such-path").build());
            assertFramed(200, new Request.Builder().url(base + "/health").build());
            assertFramed(200, new Request.Builder().url(base + "/api/events/framing-1").build());
            assertFramed(401, new Request.Builder().url(base + "/admin/api/overview").build());
        }
    }

    private static Request post(String url, String body) {
        return new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json"))).build();
    }

    private void assertFramed(int status, Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            byte[] body = r.body().bytes();
            String what = request.method() + " " + request.url().encodedPath() + ": " + new String(body, StandardCharsets.UTF_8);
            assertEquals(status, r.code(), what);
            assertNull(r.header("Transfer-Encoding"), what);
            assertEquals(Integer.toString(body.length), r.header("Content-Length"), what);
        }
    }
}
