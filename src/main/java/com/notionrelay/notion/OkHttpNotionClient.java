package com.notionrelay.notion;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Notion REST client. Every call spends from the shared {@link RateBudget}, and every failure
 * is classified here, once, into an {@link ErrorKind}.
 */
public final class OkHttpNotionClient implements NotionApi {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern ID_IN_MESSAGE = Pattern.compile(
            "\\b([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})\\b");

    private final OkHttpClient http;
    private final HttpUrl base;
    private final String token;
    private final String version;
    private final RateBudget budget;
    private final Clock clock;

    public OkHttpNotionClient(String baseUrl, String token, String version, Duration connectTimeout,
                              Duration readTimeout, RateBudget budget, Clock clock) {
        this(baseUrl, token, version, connectTimeout, readTimeout, budget, clock, chain -> chain.proceed(chain.request()));
    }

    /** @param observer sees every request and response (metrics); it must pass them on unchanged */
    public OkHttpNotionClient(String baseUrl, String token, String version, Duration connectTimeout,
                              Duration readTimeout, RateBudget budget, Clock clock, Interceptor observer) {
        this.http = new OkHttpClient.Builder()
                .addInterceptor(observer)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                // OkHttp would otherwise silently resend a POST on some connection failures,
                // which is exactly how duplicate pages are made; every retry is ours to decide.
                .retryOnConnectionFailure(false)
                .build();
        this.base = HttpUrl.get(baseUrl + "/v1/");
        this.token = token;
        this.version = version;
        this.budget = budget;
        this.clock = clock;
    }

    @Override
    public JsonObject createPage(JsonObject body) throws NotionException {
        return send("POST", url("pages"), body, false, parentOf(body));
    }

    @Override
    public JsonObject updatePage(String pageId, JsonObject body) throws NotionException {
        return send("PATCH", url("pages", pageId), body, true, pageId);
    }

    @Override
    public JsonObject retrievePage(String pageId) throws NotionException {
        return send("GET", url("pages", pageId), null, true, pageId);
    }

    @Override
    public JsonObject retrieveDatabase(String databaseId) throws NotionException {
        return send("GET", url("databases", databaseId), null, true, databaseId);
    }

    @Override
    public JsonObject retrieveDataSource(String dataSourceId) throws NotionException {
        return send("GET", url("data_sources", dataSourceId), null, true, dataSourceId);
    }

    @Override
    public JsonObject createDatabase(JsonObject body) throws NotionException {
        return send("POST", url("databases"), body, false, parentOf(body));
    }

    @Override
    public JsonObject updateDataSource(String dataSourceId, JsonObject body) throws NotionException {
        return send("PATCH", url("data_sources", dataSourceId), body, true, dataSourceId);
    }

    @Override
    public JsonObject queryDataSource(String dataSourceId, JsonObject body) throws NotionException {
        return send("POST", url("data_sources", dataSourceId, "query"), body, true, dataSourceId);
    }

    @Override
    public JsonObject appendBlockChildren(String blockId, JsonObject body) throws NotionException {
        return send("PATCH", url("blocks", blockId, "children"), body, false, blockId);
    }

    @Override
    public JsonObject listBlockChildren(String blockId, String startCursor, int pageSize) throws NotionException {
        HttpUrl.Builder u = url("blocks", blockId, "children").newBuilder()
                .addQueryParameter("page_size", Integer.toString(pageSize));
        if (startCursor != null) {
            u.addQueryParameter("start_cursor", startCursor);
        }
        return send("GET", u.build(), null, true, blockId);
    }

    @Override
    public JsonObject retrievePageProperty(String pageId, String propertyId, String startCursor) throws NotionException {
        HttpUrl.Builder u = url("pages", pageId, "properties", propertyId).newBuilder();
        if (startCursor != null) {
            u.addQueryParameter("start_cursor", startCursor);
        }
        return send("GET", u.build(), null, true, pageId);
    }

    /** The object a create is sent to: its parent data source, database or page. */
    private static String parentOf(JsonObject body) {
        if (body == null || !body.has("parent") || !body.get("parent").isJsonObject()) {
            return null;
        }
        JsonObject parent = body.getAsJsonObject("parent");
        for (String key : new String[] {"data_source_id", "database_id", "page_id"}) {
            if (parent.has(key) && parent.get(key).isJsonPrimitive()) {
                return parent.get(key).getAsString();
            }
        }
        return null;
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    /** @param addressed the object the request is sent to, so a 404 naming another one blames that one */
    private JsonObject send(String method, HttpUrl url, JsonObject body, boolean idempotent, String addressed)
            throws NotionException {
        Optional<Duration> refused = budget.acquire();
        if (Thread.currentThread().isInterrupted()) {
            throw new NotionException(new NotionError(ErrorKind.TRANSIENT, 0, "interrupted",
                    "stopped while waiting for the rate budget", Optional.empty()));
        }
        if (refused.isPresent()) {
            // Notion asked every caller to wait longer than is worth a sleeping thread: nothing was sent,
            // and the caller writes the wait to the store.
            throw new NotionException(new NotionError(ErrorKind.RATE_LIMITED, 0, "rate_limited",
                    "Notion asked to wait " + refused.get().toSeconds() + " s before the next request; nothing sent",
                    refused));
        }
        Request.Builder rb = new Request.Builder().url(url)
                .header("Authorization", "Bearer " + token)
                .header("Notion-Version", version)
                .header("Accept", "application/json");
        RequestBody requestBody = body == null ? null : RequestBody.create(body.toString(), JSON);
        rb.method(method, requestBody);
        try (Response response = http.newCall(rb.build()).execute()) {
            ResponseBody rbody = response.body();
            String text = rbody == null ? "" : rbody.string();
            if (response.isSuccessful()) {
                return parseSuccess(text, idempotent, method, url);
            }
            NotionError error = classify(response.code(), text, response.header("Retry-After"), idempotent,
                    NotionId.parse(addressed));
            if (error.kind() == ErrorKind.RATE_LIMITED) {
                budget.pauseFor(error.retryAfter().orElse(Duration.ofSeconds(1)));
            }
            throw new NotionException(error);
        } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
            // Nothing reached Notion: safe to repeat whatever the verb.
            throw new NotionException(new NotionError(ErrorKind.TRANSIENT, 0, "connection_failed",
                    method + " " + url.encodedPath() + ": " + e.getMessage(), Optional.empty()));
        } catch (IOException e) {
            throw new NotionException(new NotionError(idempotent ? ErrorKind.TRANSIENT : ErrorKind.AMBIGUOUS, 0,
                    "network_error", method + " " + url.encodedPath() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), Optional.empty()));
        }
    }

    private static JsonObject parseSuccess(String text, boolean idempotent, String method, HttpUrl url)
            throws NotionException {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // fall through: a 2xx we cannot read
        }
        throw new NotionException(new NotionError(idempotent ? ErrorKind.TRANSIENT : ErrorKind.AMBIGUOUS, 200,
                "unreadable_response", method + " " + url.encodedPath() + " answered 2xx with a body that is not a JSON object",
                Optional.empty()));
    }

    /**
     * The one place a failure gets its kind, and for the failures a person must fix, its blame.
     * Guard clauses, one reason each.
     *
     * @param addressed the object the request was sent to, when known
     */
    NotionError classify(int status, String body, String retryAfterHeader, boolean idempotent,
                         Optional<NotionId> addressed) {
        String code = "http_" + status;
        String message = body.length() > 300 ? body.substring(0, 300) : body;
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            if (o.has("code")) {
                code = o.get("code").getAsString();
            }
            if (o.has("message")) {
                message = o.get("message").getAsString();
            }
        } catch (RuntimeException e) {
            // not Notion's error JSON (a proxy's HTML page, say): keep the raw text
        }
        Optional<Duration> retryAfter = parseRetryAfter(retryAfterHeader);
        if (status == 429 || status == 529) {
            // 529 service_overload is Notion refusing work before doing it: slow every caller down, as for a 429.
            return new NotionError(ErrorKind.RATE_LIMITED, status, code, message,
                    retryAfter.or(() -> Optional.of(Duration.ofSeconds(1))));
        }
        if (status == 401) {
            // the token is wrong or revoked: no retry helps, and every target fails alike
            return new NotionError(ErrorKind.PERMANENT, status, code, message, retryAfter, Blame.TOKEN, Optional.empty());
        }
        if (status == 403 || status == 404) {
            // Notion names the object it cannot see; when that is not the one the request was sent to, the
            // request referred to a missing page (a relation target): that page's fault, not the target's.
            Optional<NotionId> named = namedObject(message);
            boolean other = named.isPresent() && addressed.isPresent() && !named.equals(addressed);
            return new NotionError(ErrorKind.PERMANENT, status, code, message, retryAfter,
                    other ? Blame.REFERENCED_OBJECT : Blame.ADDRESSED_OBJECT, other ? named : addressed);
        }
        if (status == 409) {
            // a conflict with a concurrent edit: nothing was saved, a retry may pass
            return new NotionError(ErrorKind.TRANSIENT, status, code, message, retryAfter);
        }
        if (status >= 500) {
            // The request reached Notion; a non-idempotent write may have happened before the failure.
            return new NotionError(idempotent ? ErrorKind.TRANSIENT : ErrorKind.AMBIGUOUS, status, code, message, retryAfter);
        }
        // 400 and the rest: the request itself is wrong, repeating it fails the same way
        return new NotionError(ErrorKind.PERMANENT, status, code, message, retryAfter);
    }

    /** The first Notion id in an error message ("Could not find page with ID: …"). */
    static Optional<NotionId> namedObject(String message) {
        Matcher m = ID_IN_MESSAGE.matcher(message == null ? "" : message);
        return m.find() ? NotionId.parse(m.group(1)) : Optional.empty();
    }

    /** Retry-After is whole seconds or an HTTP date. */
    Optional<Duration> parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
