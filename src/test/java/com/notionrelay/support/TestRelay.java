package com.notionrelay.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.app.Relay;
import com.notionrelay.config.Settings;
import com.notionrelay.config.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The real relay on a free loopback port with its own SQLite file, and an HTTP client to talk to it. */
public final class TestRelay implements AutoCloseable {

    public record Answer(int status, String body) {
        public JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    private static final OkHttpClient HTTP = new OkHttpClient();

    private final Relay relay;
    private final String base;
    private final String adminToken;

    private TestRelay(Relay relay, String adminToken) {
        this.relay = relay;
        this.base = "http://127.0.0.1:" + relay.port();
        this.adminToken = adminToken;
    }

    /** Settings as the real loader reads them from these environment variables, plus port 0 and {@code db}. */
    public static Settings settings(Path db, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("RELAY_PORT", "0");
        all.putIfAbsent("RELAY_DB", db.toString());
        all.putIfAbsent("RELAY_SYNC_INTERVAL", "0");
        return new SettingsLoader(all).load(db.resolveSibling("no-such-relay.properties"), false);
    }

    public static TestRelay start(Path db, Map<String, String> env) {
        return new TestRelay(Relay.start(settings(db, env), Clock.systemUTC()), env.get("RELAY_ADMIN_TOKEN"));
    }

    public Relay relay() {
        return relay;
    }

    public String baseUrl() {
        return base;
    }

    public Answer post(String path, String body) {
        return post(path, body, "application/json");
    }

    public Answer post(String path, String body, String contentType) {
        RequestBody rb = RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
        return call(new Request.Builder().url(base + path).post(rb).build());
    }

    /** POST with extra request headers (e.g. X-API-Key). */
    public Answer post(String path, String body, Map<String, String> headers) {
        Request.Builder b = new Request.Builder().url(base + path).post(RequestBody.create(body, MediaType.get("application/json")));
        headers.forEach(b::header);
        return call(b.build());
    }

    public Answer get(String path) {
        return call(new Request.Builder().url(base + path).get().build());
    }

    /** GET as the operator (with RELAY_ADMIN_TOKEN, which the environment must have set): nothing redacted. */
    public Answer getAsAdmin(String path) {
        if (adminToken == null) {
            throw new IllegalStateException("this relay was started without RELAY_ADMIN_TOKEN");
        }
        return call(new Request.Builder().url(base + path).header("Authorization", "Bearer " + adminToken).get().build());
    }

    public static Answer call(Request request) {
        try (Response r = HTTP.newCall(request).execute()) {
            return new Answer(r.code(), r.body() == null ? "" : r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (up to 20 s) until each event reads as delivered on /api/events/{id}. */
    public void awaitDelivered(String... eventIds) {
        for (String id : eventIds) {
            Eventually.await(id + " delivered", java.time.Duration.ofSeconds(20), () -> {
                Answer a = get("/api/events/" + id);
                return a.status() == 200 && a.json().get("status").getAsString().equals("delivered");
            });
        }
    }

    /** Events in the inbox: what a refused request must leave unchanged. */
    public long storedEvents() {
        return relay.storage().db.read(c -> new com.notionrelay.store.EventStore().count(c));
    }

    @Override
    public void close() {
        relay.close();
    }
}
