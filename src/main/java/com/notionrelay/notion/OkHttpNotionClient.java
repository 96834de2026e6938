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
        return send("POST", url("pages"), body, false);
    }

    @Override
    public JsonObject updatePage(String pageId, JsonObject body) throws NotionException {
        return send("PATCH", url("pages", pageId), body, true);
    }

    @Override
    public JsonObject retrievePage(String pageId) throws NotionException {
        return send("GET", url("pages", pageId), null, true);
    }

    @Override
    public JsonObject retrieveDatabase(String databaseId) throws NotionException {
        return send("GET", url("databases", databaseId), null, true);
    }

    @Override
    public JsonObject retrieveDataSource(String dataSourceId) throws NotionException {
        return send("GET", url("data_sources", dataSourceId), null, true);
    }

    @Override
    public JsonObject createDatabase(JsonObject body) throws NotionException {
        return send("POST", url("databases"), body, false);
    }

    @Override
    public JsonObject updateDataSource(String dataSourceId, JsonObject body) throws NotionException {
        return send("PATCH", url("data_sources", dataSourceId), body, true);
    }

    @Override
    public JsonObject queryDataSource(String dataSourceId, JsonObject body) throws NotionException {
        return send("POST", url("data_sources", dataSourceId, "query"), body, true);
    }

    @Override
    public JsonObject appendBlockChildren(String blockId, JsonObject body) throws NotionException {
        return send("PATCH", url("blocks", blockId, "children"), body, false);
    }

    @Override
    public JsonObject listBlockChildren(String blockId, String startCursor, int pageSize) throws NotionException {
        HttpUrl.Builder u = url("blocks", blockId, "children").newBuilder()
                .addQueryParameter("page_size", Integer.toString(pageSize));
        if (startCursor != null) {
            u.addQueryParameter("start_cursor", startCursor);
        }
        return send("GET", u.build(), null, true);
    }

    @Override
    public JsonObject retrievePageProperty(String pageId, String propertyId, String startCursor) throws NotionException {
        HttpUrl.Builder u = url("pages", pageId, "properties", propertyId).newBuilder();
        if (startCursor != null) {
            u.addQueryParameter("start_cursor", startCursor);
        }
        return send("GET", u.build(), null, true);
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private JsonObject send(String method, HttpUrl url, JsonObject body, boolean idempotent) throws NotionException {
        if (!budget.acquire()) {
            throw new NotionException(new NotionError(ErrorKind.TRANSIENT, 0, "interrupted",
                    "stopped while waiting for the rate budget", Optional.empty(), false));
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
            NotionError error = classify(response.code(), text, response.header("Retry-After"), idempotent);
            if (error.kind() == ErrorKind.RATE_LIMITED) {
                budget.pauseFor(error.retryAfter().orElse(Duration.ofSeconds(1)));
            }
            throw new NotionException(error);
        } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
            // Nothing reached Notion: safe to repeat whatever the verb.
            throw new NotionException(new NotionError(ErrorKind.TRANSIENT, 0, "connection_failed",
                    method + " " + url.encodedPath() + ": " + e.getMessage(), Optional.empty(), false));
        } catch (IOException e) {
            throw new NotionException(new NotionError(idempotent ? ErrorKind.TRANSIENT : ErrorKind.AMBIGUOUS, 0,
                    "network_error", method + " " + url.encodedPath() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), Optional.empty(), false));
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
                Optional.empty(), false));
    }

    NotionError classify(int status, String body, String retryAfterHeader, boolean idempotent) {
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
        ErrorKind kind;
        boolean operator = false;
        if (status == 429 || status == 529) {
            // 529 service_overload is Notion refusing work before doing it: slow every caller down, as for a 429.
            kind = ErrorKind.RATE_LIMITED;
            retryAfter = retryAfter.or(() -> Optional.of(Duration.ofSeconds(1)));
        } else if (status == 401 || status == 403 || status == 404) {
            kind = ErrorKind.PERMANENT;
            operator = true;
        } else if (status == 409) {
            kind = ErrorKind.TRANSIENT;
        } else if (status >= 500) {
            // The request reached Notion; a non-idempotent write may have happened before the failure.
            kind = idempotent ? ErrorKind.TRANSIENT : ErrorKind.AMBIGUOUS;
        } else {
            kind = ErrorKind.PERMANENT;
        }
        return new NotionError(kind, status, code, message, retryAfter, operator);
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
