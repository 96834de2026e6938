package com.notionrelay.fake;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * An in-memory Notion API served over real HTTP on 127.0.0.1, for tests.
 *
 * <p>Behaves like api.notion.com for the endpoints the relay uses (status codes, error bodies,
 * Retry-After, pagination, 25-item relation truncation, minute-rounded timestamps) and lets a
 * test inject faults: error statuses, slow answers and dropped connections, one-shot or random,
 * plus a token-bucket rate limit.
 *
 * <p>Thread-safe: every request and every method below runs under the lock of the store, so
 * concurrent relay threads see each request as one atomic step. Slow responses are delayed by
 * the HTTP server outside that lock.
 */
public final class FakeNotion implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final Store store = new Store();
    private final Router router;
    private final Renderer renderer = new Renderer(store);
    private final RateBucket bucket = new RateBucket();
    private final Deque<Fault> queuedFaults = new ArrayDeque<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private RandomFaults randomFaults;
    private int overRateLimit;

    private record RandomFaults(double probability, Random random, List<Fault> kinds) {}

    /** What the dispatcher answers, plus the status to record (0 = connection dropped). */
    private record Outcome(MockResponse response, int recordedStatus) {}

    public FakeNotion(String token) {
        Objects.requireNonNull(token, "token");
        this.router = new Router(store, token, this::baseUrl);
        server.setServerSocketFactory(new NoDelayServerSocketFactory());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return FakeNotion.this.dispatch(request);
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start FakeNotion", e);
        }
    }

    /** e.g. "http://127.0.0.1:54321" — no trailing slash, no /v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            // A slow response still sleeping can make shutdown give up waiting; nothing to clean.
        }
    }

    // ------------------------------------------------------------------ set-up

    /**
     * Creates a database with one data source. {@code schema} is a data-source "properties"
     * object; exactly one title property is required (its id is "title"). A dual_property
     * relation creates or wires the synced property on the related data source.
     */
    public DatabaseIds createDatabase(String title, JsonObject schema) {
        synchronized (store) {
            return store.createDatabase(title, schema);
        }
    }

    /**
     * Seeds a page with the same validation as POST /v1/pages (throws {@link NotionException}).
     * Returns the page object, relations untruncated.
     */
    public JsonObject createPage(String dataSourceId, JsonObject properties) {
        synchronized (store) {
            Store.DataSource ds = store.dataSources.get(Ids.normalizeOrNull(dataSourceId));
            if (ds == null) throw NotionException.notFound("data_source", dataSourceId);
            PropertyWriter.Validated props = new PropertyWriter(store).validate(ds.schema, properties, "properties");
            props.commitSchema();
            return render(store.createPage(ds, null, props.values(), List.of()));
        }
    }

    /**
     * A page at the workspace level with only a title, standing for the page a user creates and
     * shares with the integration (e.g. the parent that {@code init} puts the databases under).
     */
    public String createWorkspacePage(String title) {
        synchronized (store) {
            JsonObject props = Json.object("title", Json.object("title", Json.array(List.of(
                    Json.object("type", "text", "text", Json.object("content", title))))));
            PropertyWriter.Validated values = new PropertyWriter(store).validate(Store.CHILD_PAGE_SCHEMA, props, "properties");
            return store.createPage(null, null, values.values(), List.of()).id;
        }
    }

    /** Source of created_time/last_edited_time (rounded down to the minute). Default Instant::now. */
    public void setClock(Supplier<Instant> clock) {
        synchronized (store) {
            store.setClock(clock);
        }
    }

    /**
     * Notion's query index trails writes: a page created through the API (or {@link #createPage})
     * is missing from data source query results for {@code lag} of wall-clock time. Retrieving it
     * by id works at once. Zero (the default) turns it off.
     */
    public void setIndexLag(java.time.Duration lag) {
        synchronized (store) {
            store.indexLag = Objects.requireNonNull(lag, "lag");
        }
    }

    // ------------------------------------------------------------------ inspection

    /** All pages (trashed ones too) in creation order, latest-version shape, relations untruncated. */
    public List<JsonObject> pages() {
        synchronized (store) {
            return store.pages.values().stream().map(this::render).toList();
        }
    }

    public List<JsonObject> pagesIn(String dataSourceId) {
        String id = Ids.normalizeOrNull(dataSourceId);
        synchronized (store) {
            return store.pages.values().stream().filter(p -> Objects.equals(p.dataSourceId, id)).map(this::render).toList();
        }
    }

    public Optional<JsonObject> page(String id) {
        synchronized (store) {
            return Optional.ofNullable(store.pages.get(Ids.normalizeOrNull(id))).map(this::render);
        }
    }

    /** A database as GET /v1/databases/{id} shows it (latest version), if it exists. */
    public Optional<JsonObject> database(String id) {
        synchronized (store) {
            return Optional.ofNullable(store.databases.get(Ids.normalizeOrNull(id))).map(db -> renderer.database(db, ApiVersion.LATEST));
        }
    }

    /** A data source as GET /v1/data_sources/{id} shows it (its schema), if it exists. */
    public Optional<JsonObject> dataSource(String id) {
        synchronized (store) {
            return Optional.ofNullable(store.dataSources.get(Ids.normalizeOrNull(id))).map(ds -> renderer.dataSource(ds, ApiVersion.LATEST));
        }
    }

    /** Direct child blocks of a page or block, in order (empty when unknown). */
    public List<JsonObject> children(String blockOrPageId) {
        synchronized (store) {
            return store.childBlocks(Ids.normalizeOrNull(blockOrPageId)).stream()
                    .map(b -> renderer.block(b, ApiVersion.LATEST)).toList();
        }
    }

    /** Every request received, in arrival order. */
    public List<RecordedCall> calls() {
        synchronized (store) {
            return List.copyOf(calls);
        }
    }

    /** Requests whose method matches (null = any) and whose path starts with {@code pathPrefix}. */
    public List<RecordedCall> calls(String method, String pathPrefix) {
        return calls().stream()
                .filter(c -> (method == null || c.method().equalsIgnoreCase(method)) && c.path().startsWith(pathPrefix))
                .toList();
    }

    public void clearCalls() {
        synchronized (store) {
            calls.clear();
        }
    }

    /** Requests answered 429 by the rate bucket (injected 429 faults not included). */
    public int overRateLimitCount() {
        synchronized (store) {
            return overRateLimit;
        }
    }

    // ------------------------------------------------------------------ behaviour control

    /** Token bucket over all requests; perSecond <= 0 turns it off (the default). */
    public void setRateLimit(double perSecond, int burst) {
        synchronized (store) {
            bucket.configure(perSecond, burst);
        }
    }

    /** One-shot fault, consumed by the first matching request; queued faults apply in order. */
    public void enqueueFault(Fault fault) {
        synchronized (store) {
            queuedFaults.add(Objects.requireNonNull(fault, "fault"));
        }
    }

    /**
     * With {@code probability}, each request matching at least one of {@code kinds} gets one of
     * the matching kinds, chosen by a Random seeded with {@code seed}. probability 0 turns it off.
     */
    public void setRandomFaults(double probability, long seed, List<Fault> kinds) {
        synchronized (store) {
            randomFaults = probability <= 0 || kinds == null || kinds.isEmpty()
                    ? null : new RandomFaults(probability, new Random(seed), List.copyOf(kinds));
        }
    }

    /** Moves a page to or from the trash, as a Notion user would (bumps last_edited_time). */
    public void setTrash(String pageId, boolean inTrash) {
        synchronized (store) {
            store.setTrash(existingPage(pageId), inTrash);
        }
    }

    /** Edits properties as a Notion user would: write format, validated, bumps last_edited_time. */
    public void updateProperties(String pageId, JsonObject properties) {
        synchronized (store) {
            Store.Page page = existingPage(pageId);
            PropertyWriter.Validated props = new PropertyWriter(store).validate(store.schemaOf(page), properties, "properties");
            props.commitSchema();
            store.applyValues(page, props.values(), store.now());
        }
    }

    private Store.Page existingPage(String pageId) {
        Store.Page page = store.pages.get(Ids.normalizeOrNull(pageId));
        if (page == null) throw NotionException.notFound("page", pageId);
        return page;
    }

    private JsonObject render(Store.Page page) {
        return renderer.page(page, ApiVersion.LATEST, false);
    }

    // ------------------------------------------------------------------ HTTP

    private MockResponse dispatch(RecordedRequest request) {
        Instant at = Instant.now();
        String body = request.getBody().readUtf8();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.getHeaders().names()) {
            headers.put(name, String.join(", ", request.getHeaders().values(name)));
        }
        Map<String, String> frozen = Collections.unmodifiableMap(headers);
        String method = request.getMethod();
        HttpUrl url = request.getRequestUrl();
        synchronized (store) {
            Outcome outcome = respond(new Router.ApiRequest(method, url, frozen, body));
            calls.add(new RecordedCall(method, request.getPath(), frozen, body, at, outcome.recordedStatus()));
            return outcome.response();
        }
    }

    private Outcome respond(Router.ApiRequest request) {
        if (!bucket.tryAcquire()) {
            overRateLimit++;
            return error(new NotionException(429, "rate_limited", NotionException.defaultMessage("rate_limited")),
                    bucket.retryAfterSeconds());
        }
        Fault fault = nextFault(request.method(), request.url().encodedPath());
        Fault.Kind kind = fault == null ? null : fault.kind();
        if (kind instanceof Fault.Status s) {
            return error(new NotionException(s.status(), s.code(), NotionException.defaultMessage(s.code())), s.retryAfterSeconds());
        }
        if (kind instanceof Fault.DropBeforeEffect) {
            return dropped();
        }
        Outcome outcome = perform(request);
        if (kind instanceof Fault.DropAfterEffect) {
            return dropped(); // the write above has happened; the client just never hears about it
        }
        if (kind instanceof Fault.Slow slow) {
            outcome.response().setHeadersDelay(slow.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
        return outcome;
    }

    private Outcome perform(Router.ApiRequest request) {
        try {
            JsonObject result = router.handle(request);
            return new Outcome(json(200, result), 200);
        } catch (NotionException e) {
            return error(e, null);
        } catch (RuntimeException e) {
            // A bug in the fake must not look like a client bug: answer like Notion's 500 but say so.
            NotionException wrapped = new NotionException(500, "internal_server_error", "FakeNotion bug: " + e);
            return error(wrapped, null);
        }
    }

    private Fault nextFault(String method, String path) {
        for (Iterator<Fault> it = queuedFaults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.matches(method, path)) {
                it.remove();
                return f;
            }
        }
        if (randomFaults == null) return null;
        List<Fault> candidates = randomFaults.kinds().stream().filter(f -> f.matches(method, path)).toList();
        if (candidates.isEmpty() || randomFaults.random().nextDouble() >= randomFaults.probability()) return null;
        return candidates.get(randomFaults.random().nextInt(candidates.size()));
    }

    private static Outcome dropped() {
        // MockWebServer closes the socket right after reading the request: no status line at all.
        return new Outcome(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST), 0);
    }

    private static Outcome error(NotionException e, Integer retryAfterSeconds) {
        JsonObject body = Json.object("object", "error", "status", e.status(), "code", e.code(),
                "message", e.getMessage(), "request_id", UUID.randomUUID().toString());
        MockResponse response = json(e.status(), body);
        if (retryAfterSeconds != null) response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        return new Outcome(response, e.status());
    }

    private static MockResponse json(int status, JsonObject body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(Json.write(body));
    }
}
