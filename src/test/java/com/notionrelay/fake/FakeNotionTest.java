package com.notionrelay.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exercises FakeNotion over real HTTP with OkHttp, the way the relay talks to Notion. */
class FakeNotionTest {
    private static final String TOKEN = "ntn_test_token";
    private static final String V = "2026-03-11";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private FakeNotion notion;
    private OkHttpClient http;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-05-01T12:34:56.789Z"));
    private DatabaseIds demos;
    private DatabaseIds interactions;

    /** status, headers we care about, parsed JSON body. */
    private record Reply(int status, String retryAfter, JsonObject json) {
        String code() {
            return json.get("code").getAsString();
        }
    }

    @BeforeEach
    void setUp() {
        notion = new FakeNotion(TOKEN);
        notion.setClock(now::get);
        // retryOnConnectionFailure(false): OkHttp would otherwise silently re-send a POST whose
        // connection was dropped, hiding the ambiguous failure these tests want to see.
        http = new OkHttpClient.Builder().retryOnConnectionFailure(false).readTimeout(Duration.ofSeconds(5)).build();
        demos = notion.createDatabase("Demos", obj("{'Name':{'type':'title','title':{}},"
                + "'Stage':{'type':'select','select':{'options':[{'name':'Booked'}]}}}"));
        interactions = notion.createDatabase("Interactions", obj("{'Name':{'type':'title','title':{}},"
                + "'Event ID':{'type':'rich_text','rich_text':{}},"
                + "'Kind':{'type':'select','select':{}},"
                + "'Tags':{'type':'multi_select','multi_select':{}},"
                + "'Count':{'type':'number','number':{}},"
                + "'When':{'type':'date','date':{}},"
                + "'Email':{'type':'email','email':{}},"
                + "'Link':{'type':'url','url':{}},"
                + "'Done':{'type':'checkbox','checkbox':{}},"
                + "'Score':{'type':'formula','formula':{'expression':'1'}},"
                + "'Demo':{'type':'relation','relation':{'data_source_id':'" + demos.dataSourceId() + "',"
                + "'type':'dual_property','dual_property':{'synced_property_name':'Interactions'}}}}"));
    }

    @AfterEach
    void tearDown() {
        notion.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // ------------------------------------------------------------------ helpers

    /** JSON with single quotes for readability. */
    private static JsonObject obj(String singleQuoted) {
        return JsonParser.parseString(singleQuoted.replace('\'', '"')).getAsJsonObject();
    }

    private Request.Builder request(String method, String path, String body, String version) {
        Request.Builder b = new Request.Builder().url(notion.baseUrl() + path)
                .method(method, body == null ? null : RequestBody.create(body, JSON))
                .header("Authorization", "Bearer " + TOKEN);
        if (version != null) b.header("Notion-Version", version);
        return b;
    }

    private Reply send(Request request) throws IOException {
        return send(http, request);
    }

    private static Reply send(OkHttpClient client, Request request) throws IOException {
        try (Response r = client.newCall(request).execute()) {
            return new Reply(r.code(), r.header("Retry-After"), JsonParser.parseString(r.body().string()).getAsJsonObject());
        }
    }

    private Reply call(String method, String path, JsonObject body) throws IOException {
        return send(request(method, path, body == null ? null : body.toString(), V).build());
    }

    private static JsonObject richText(String type, String content) {
        JsonObject item = new JsonObject();
        JsonObject t = new JsonObject();
        t.addProperty("content", content);
        item.add("text", t);
        JsonArray arr = new JsonArray();
        arr.add(item);
        JsonObject value = new JsonObject();
        value.add(type, arr);
        return value;
    }

    private static JsonObject relation(String... ids) {
        JsonArray arr = new JsonArray();
        for (String id : ids) {
            JsonObject r = new JsonObject();
            r.addProperty("id", id);
            arr.add(r);
        }
        JsonObject value = new JsonObject();
        value.add("relation", arr);
        return value;
    }

    private JsonObject interactionProps(String name, String eventId) {
        JsonObject props = new JsonObject();
        props.add("Name", richText("title", name));
        props.add("Event ID", richText("rich_text", eventId));
        return props;
    }

    private JsonObject createBody(JsonObject props) {
        JsonObject body = obj("{'parent':{'type':'data_source_id','data_source_id':'" + interactions.dataSourceId() + "'}}");
        body.add("properties", props);
        return body;
    }

    private String demoPage(String name) {
        JsonObject props = new JsonObject();
        props.add("Name", richText("title", name));
        return notion.createPage(demos.dataSourceId(), props).get("id").getAsString();
    }

    private static JsonObject prop(JsonObject page, String name) {
        return page.getAsJsonObject("properties").getAsJsonObject(name);
    }

    private static String plain(JsonObject page, String name, String type) {
        StringBuilder sb = new StringBuilder();
        prop(page, name).getAsJsonArray(type).forEach(i -> sb.append(i.getAsJsonObject().get("plain_text").getAsString()));
        return sb.toString();
    }

    private static List<String> ids(JsonArray items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.getAsJsonObject().get("id").getAsString()));
        return out;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void rejectsBadAuthVersionJsonAndUrls() throws IOException {
        Request noAuth = new Request.Builder().url(notion.baseUrl() + "/v1/pages/" + demoPage("x"))
                .header("Notion-Version", V).build();
        Reply r = send(noAuth);
        assertEquals(401, r.status());
        assertEquals("unauthorized", r.code());
        assertEquals("error", r.json().get("object").getAsString());
        assertEquals(401, r.json().get("status").getAsInt());
        assertNotNull(r.json().get("request_id"));

        r = send(request("GET", "/v1/data_sources/" + interactions.dataSourceId(), null, V)
                .header("Authorization", "Bearer wrong").build());
        assertEquals(401, r.status());

        r = send(request("GET", "/v1/data_sources/" + interactions.dataSourceId(), null, null).build());
        assertEquals(400, r.status());
        assertEquals("missing_version", r.code());

        r = send(request("GET", "/v1/data_sources/" + interactions.dataSourceId(), null, "2021-05-13").build());
        assertEquals(400, r.status());

        r = send(request("POST", "/v1/pages", "{parent: oops}", V).build());
        assertEquals(400, r.status());
        assertEquals("invalid_json", r.code());

        r = call("GET", "/v1/users/me", null);
        assertEquals(400, r.status());
        assertEquals("invalid_request_url", r.code());

        String missing = "0f0e0d0c-0b0a-4908-8706-050403020100";
        r = call("GET", "/v1/pages/" + missing, null);
        assertEquals(404, r.status());
        assertEquals("object_not_found", r.code());
        assertTrue(r.json().get("message").getAsString().contains("Could not find page with ID: " + missing));

        r = call("GET", "/v1/pages/not-a-uuid", null);
        assertEquals(400, r.status());
        assertEquals("validation_error", r.code());

        // All three supported versions are accepted.
        for (String version : List.of("2022-06-28", "2025-09-03", "2026-03-11")) {
            assertEquals(200, send(request("GET", "/v1/databases/" + demos.databaseId(), null, version).build()).status());
        }
    }

    @Test
    void discoversDataSourceFromDatabase() throws IOException {
        Reply db = call("GET", "/v1/databases/" + Ids.undashed(interactions.databaseId()), null);
        assertEquals(200, db.status());
        assertEquals("database", db.json().get("object").getAsString());
        assertEquals("Interactions", db.json().getAsJsonArray("title").get(0).getAsJsonObject().get("plain_text").getAsString());
        JsonArray sources = db.json().getAsJsonArray("data_sources");
        assertEquals(interactions.dataSourceId(), sources.get(0).getAsJsonObject().get("id").getAsString());
        assertNotEquals(interactions.databaseId(), interactions.dataSourceId());

        // The classic mix-up: a data source id is not a database id, and vice versa.
        assertEquals(404, call("GET", "/v1/databases/" + interactions.dataSourceId(), null).status());
        assertEquals(404, call("GET", "/v1/data_sources/" + interactions.databaseId(), null).status());

        Reply ds = call("GET", "/v1/data_sources/" + interactions.dataSourceId(), null);
        assertEquals("data_source", ds.json().get("object").getAsString());
        assertEquals(interactions.databaseId(), ds.json().getAsJsonObject("parent").get("database_id").getAsString());
        JsonObject props = ds.json().getAsJsonObject("properties");
        assertEquals("title", props.getAsJsonObject("Name").get("id").getAsString());
        assertEquals("rich_text", props.getAsJsonObject("Event ID").get("type").getAsString());
        JsonObject rel = props.getAsJsonObject("Demo").getAsJsonObject("relation");
        assertEquals("dual_property", rel.get("type").getAsString());
        assertEquals(demos.dataSourceId(), rel.get("data_source_id").getAsString());

        // The synced side was created on the Demos data source.
        JsonObject demoProps = call("GET", "/v1/data_sources/" + demos.dataSourceId(), null).json().getAsJsonObject("properties");
        assertEquals("Demo", demoProps.getAsJsonObject("Interactions").getAsJsonObject("relation")
                .getAsJsonObject("dual_property").get("synced_property_name").getAsString());

        // 2022-06-28: the database carries the schema itself.
        Reply old = send(request("GET", "/v1/databases/" + interactions.databaseId(), null, "2022-06-28").build());
        assertTrue(old.json().has("properties"));
        assertFalse(old.json().has("data_sources"));
        Reply oldQuery = send(request("POST", "/v1/databases/" + interactions.databaseId() + "/query", "{}", "2022-06-28").build());
        assertEquals("page_or_database", oldQuery.json().get("type").getAsString());
        // From 2025-09-03 on, queries go to the data source.
        assertEquals("invalid_request_url", call("POST", "/v1/databases/" + interactions.databaseId() + "/query", new JsonObject()).code());
    }

    @Test
    void createsAndReadsPage() throws IOException {
        JsonObject props = interactionProps("Hello", "evt-1");
        props.add("Kind", obj("{'select':{'name':'Call'}}"));
        props.add("Tags", obj("{'multi_select':[{'name':'a'},{'name':'b'}]}"));
        props.add("Count", obj("{'number':3}"));
        props.add("When", obj("{'date':{'start':'2025-05-01T10:00:00Z'}}"));
        props.add("Done", obj("{'checkbox':true}"));
        JsonObject body = obj("{'parent':{'data_source_id':'" + Ids.undashed(interactions.dataSourceId()) + "'},"
                + "'children':[{'type':'callout','callout':{'rich_text':[{'text':{'content':'hi'}}],'icon':{'type':'emoji','emoji':'👋'}}}]}");
        body.add("properties", props);

        Reply r = call("POST", "/v1/pages", body);
        assertEquals(200, r.status(), r.json().toString());
        JsonObject page = r.json();
        String id = page.get("id").getAsString();
        assertEquals(36, id.length());
        assertEquals("page", page.get("object").getAsString());
        assertFalse(page.get("in_trash").getAsBoolean());
        assertFalse(page.has("archived"), "2026-03-11 dropped archived");
        assertEquals(interactions.dataSourceId(), page.getAsJsonObject("parent").get("data_source_id").getAsString());
        assertEquals(interactions.databaseId(), page.getAsJsonObject("parent").get("database_id").getAsString());
        assertEquals("Hello", plain(page, "Name", "title"));
        assertEquals("evt-1", plain(page, "Event ID", "rich_text"));
        JsonObject item = prop(page, "Event ID").getAsJsonArray("rich_text").get(0).getAsJsonObject();
        assertFalse(item.getAsJsonObject("annotations").get("bold").getAsBoolean());
        assertTrue(item.get("href").isJsonNull());
        JsonObject kind = prop(page, "Kind").getAsJsonObject("select");
        assertEquals("Call", kind.get("name").getAsString());
        assertNotNull(kind.get("id"));
        assertNotNull(kind.get("color"));
        assertEquals(2, prop(page, "Tags").getAsJsonArray("multi_select").size());
        assertEquals(3, prop(page, "Count").get("number").getAsInt());
        assertTrue(prop(page, "Done").get("checkbox").getAsBoolean());
        // Unset properties still appear, with empty values.
        assertTrue(prop(page, "Email").get("email").isJsonNull());
        assertEquals(0, prop(page, "Demo").getAsJsonArray("relation").size());
        assertFalse(prop(page, "Demo").get("has_more").getAsBoolean());
        assertEquals("string", prop(page, "Score").getAsJsonObject("formula").get("type").getAsString());

        // The new select option is now part of the schema.
        JsonObject schema = call("GET", "/v1/data_sources/" + interactions.dataSourceId(), null).json().getAsJsonObject("properties");
        assertEquals("Call", schema.getAsJsonObject("Kind").getAsJsonObject("select").getAsJsonArray("options")
                .get(0).getAsJsonObject().get("name").getAsString());

        Reply read = call("GET", "/v1/pages/" + Ids.undashed(id), null);
        assertEquals(id, read.json().get("id").getAsString());
        Reply older = send(request("GET", "/v1/pages/" + id, null, "2025-09-03").build());
        assertFalse(older.json().get("archived").getAsBoolean());

        assertEquals(1, notion.pagesIn(interactions.dataSourceId()).size());
        assertTrue(notion.page(Ids.undashed(id)).isPresent());
        List<JsonObject> children = notion.children(id);
        assertEquals(1, children.size());
        assertEquals("callout", children.get(0).get("type").getAsString());
        assertEquals("👋", children.get(0).getAsJsonObject("callout").getAsJsonObject("icon").get("emoji").getAsString());
        assertEquals("hi", children.get(0).getAsJsonObject("callout").getAsJsonArray("rich_text").get(0)
                .getAsJsonObject().get("plain_text").getAsString());

        // A database_id parent resolves to its data source.
        JsonObject viaDb = obj("{'parent':{'database_id':'" + interactions.databaseId() + "'}}");
        viaDb.add("properties", interactionProps("Via db", "evt-2"));
        assertEquals(200, call("POST", "/v1/pages", viaDb).status());

        // A page under a page takes only a title and shows up as a child_page block.
        JsonObject child = obj("{'parent':{'page_id':'" + id + "'},'properties':{'title':{'title':[{'text':{'content':'Notes'}}]}}}");
        Reply c = call("POST", "/v1/pages", child);
        assertEquals(200, c.status(), c.json().toString());
        assertEquals("page_id", c.json().getAsJsonObject("parent").get("type").getAsString());
        assertEquals("child_page", notion.children(id).get(1).get("type").getAsString());
        // A page without any property set still renders every property, with empty values.
        Reply empty = call("POST", "/v1/pages", createBody(new JsonObject()));
        assertEquals(200, empty.status(), empty.json().toString());
        assertEquals(0, prop(empty.json(), "Name").getAsJsonArray("title").size());
        JsonObject badChild = obj("{'parent':{'page_id':'" + id + "'},'properties':{'Event ID':{'rich_text':[]}}}");
        assertEquals(400, call("POST", "/v1/pages", badChild).status());
    }

    @Test
    void validatesLikeNotion() throws IOException {
        String longText = "x".repeat(2001);
        List<JsonObject> bad = new ArrayList<>();
        bad.add(obj("{'Nope':{'rich_text':[]}}"));                          // unknown property
        bad.add(obj("{'Count':{'number':'three'}}"));                       // wrong shape
        bad.add(obj("{'Event ID':{'title':[]}}"));                          // wrong type key
        bad.add(obj("{'Score':{'formula':{'string':'x'}}}"));               // read-only
        bad.add(richTextProp("Event ID", longText));                          // > 2000 chars
        bad.add(obj("{'Email':{'email':'" + "e".repeat(201) + "'}}"));      // email > 200
        bad.add(obj("{'Link':{'url':'https://x/" + "u".repeat(2000) + "'}}")); // url > 2000
        bad.add(obj("{'Kind':{'select':{'name':'a,b'}}}"));                 // comma in option
        JsonObject tooMany = new JsonObject();
        JsonArray items = new JsonArray();
        for (int i = 0; i < 101; i++) items.add(obj("{'name':'t" + i + "'}"));
        tooMany.add("multi_select", items);
        JsonObject hundredOne = new JsonObject();
        hundredOne.add("Tags", tooMany);
        bad.add(hundredOne);                                                  // array > 100

        for (JsonObject props : bad) {
            Reply r = call("POST", "/v1/pages", createBody(props));
            assertEquals(400, r.status(), props.toString());
            assertEquals("validation_error", r.code(), props.toString());
        }
        // a relation to a page Notion does not know: 404 naming that page, though the data source is fine
        Reply missingTarget = call("POST", "/v1/pages",
                createBody(obj("{'Demo':{'relation':[{'id':'0f0e0d0c-0b0a-4908-8706-050403020100'}]}}")));
        assertEquals(404, missingTarget.status());
        assertEquals("object_not_found", missingTarget.code());
        assertTrue(missingTarget.json().get("message").getAsString().contains("0f0e0d0c-0b0a-4908-8706-050403020100"));
        Reply unknown = call("POST", "/v1/pages", createBody(obj("{'Nope':{'rich_text':[]}}")));
        assertTrue(unknown.json().get("message").getAsString().contains("Nope"));
        Reply tooLong = call("POST", "/v1/pages", createBody(richTextProp("Event ID", longText)));
        assertTrue(tooLong.json().get("message").getAsString().contains("2000"));

        // 101 children blocks.
        JsonObject body = createBody(interactionProps("x", "evt"));
        JsonArray blocks = new JsonArray();
        for (int i = 0; i < 101; i++) blocks.add(obj("{'paragraph':{'rich_text':[]}}"));
        body.add("children", blocks);
        assertEquals(400, call("POST", "/v1/pages", body).status());

        assertEquals(0, notion.pagesIn(interactions.dataSourceId()).size(), "nothing was created");
        // The failed comma option did not leak into the schema either.
        assertEquals(0, call("GET", "/v1/data_sources/" + interactions.dataSourceId(), null).json()
                .getAsJsonObject("properties").getAsJsonObject("Kind").getAsJsonObject("select").getAsJsonArray("options").size());

        // The Java seeding API validates the same way.
        NotionException e = assertThrows(NotionException.class,
                () -> notion.createPage(interactions.dataSourceId(), obj("{'Nope':{'rich_text':[]}}")));
        assertEquals("validation_error", e.code());
    }

    private static JsonObject richTextProp(String name, String content) {
        JsonObject o = new JsonObject();
        o.add(name, richText("rich_text", content));
        return o;
    }

    @Test
    void truncatesRelationsAt25AndPaginatesThePropertyEndpoint() throws IOException {
        String demo = demoPage("Big demo");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            JsonObject props = interactionProps("i" + i, "evt-" + i);
            props.add("Demo", relation(demo));
            expected.add(notion.createPage(interactions.dataSourceId(), props).get("id").getAsString());
        }
        JsonObject page = call("GET", "/v1/pages/" + demo, null).json();
        JsonObject rel = prop(page, "Interactions");
        assertEquals(25, rel.getAsJsonArray("relation").size());
        assertTrue(rel.get("has_more").getAsBoolean());
        assertEquals(150, prop(notion.page(demo).orElseThrow(), "Interactions").getAsJsonArray("relation").size());

        // Property ids may need URL-encoding: send it encoded once more, as a careful client does.
        String propertyId = rel.get("id").getAsString();
        String path = "/v1/pages/" + demo + "/properties/" + URLEncoder.encode(propertyId, StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int requests = 0;
        do {
            Reply r = call("GET", path + (cursor == null ? "" : "?start_cursor=" + cursor), null);
            assertEquals(200, r.status(), r.json().toString());
            assertEquals("property_item", r.json().get("type").getAsString());
            r.json().getAsJsonArray("results").forEach(i -> {
                assertEquals("relation", i.getAsJsonObject().get("type").getAsString());
                seen.add(i.getAsJsonObject().getAsJsonObject("relation").get("id").getAsString());
            });
            cursor = r.json().get("has_more").getAsBoolean() ? r.json().get("next_cursor").getAsString() : null;
            requests++;
        } while (cursor != null);
        assertEquals(2, requests, "default page size is 100");
        assertEquals(expected, seen);

        Reply small = call("GET", path + "?page_size=40", null);
        assertEquals(40, small.json().getAsJsonArray("results").size());
        assertNotNull(small.json().getAsJsonObject("property_item").get("next_url").getAsString());
        assertEquals(400, call("GET", path + "?page_size=101", null).status());

        Reply titleItems = call("GET", "/v1/pages/" + demo + "/properties/title", null);
        assertEquals("Big demo", titleItems.json().getAsJsonArray("results").get(0).getAsJsonObject()
                .getAsJsonObject("title").get("plain_text").getAsString());
    }

    @Test
    void keepsTwoWayRelationsInStep() throws IOException {
        String a = demoPage("A");
        String b = demoPage("B");
        JsonObject props = interactionProps("call", "evt-9");
        props.add("Demo", relation(Ids.undashed(a)));
        String interaction = call("POST", "/v1/pages", createBody(props)).json().get("id").getAsString();
        assertEquals(List.of(interaction), ids(prop(notion.page(a).orElseThrow(), "Interactions").getAsJsonArray("relation")));

        now.set(Instant.parse("2025-05-01T13:00:30Z"));
        JsonObject patch = new JsonObject();
        JsonObject move = new JsonObject();
        move.add("Demo", relation(b));
        patch.add("properties", move);
        Reply r = call("PATCH", "/v1/pages/" + interaction, patch);
        assertEquals(200, r.status(), r.json().toString());
        assertEquals(List.of(b), ids(prop(r.json(), "Demo").getAsJsonArray("relation")));
        // Omitted properties stay.
        assertEquals("evt-9", plain(r.json(), "Event ID", "rich_text"));

        JsonObject pageA = notion.page(a).orElseThrow();
        JsonObject pageB = notion.page(b).orElseThrow();
        assertEquals(List.of(), ids(prop(pageA, "Interactions").getAsJsonArray("relation")));
        assertEquals(List.of(interaction), ids(prop(pageB, "Interactions").getAsJsonArray("relation")));
        assertEquals("2025-05-01T13:00:00.000Z", pageA.get("last_edited_time").getAsString());
        assertEquals("2025-05-01T13:00:00.000Z", pageB.get("last_edited_time").getAsString());

        // Writing the other side mirrors back too.
        notion.updateProperties(b, obj("{'Interactions':{'relation':[]}}"));
        assertEquals(0, prop(notion.page(interaction).orElseThrow(), "Demo").getAsJsonArray("relation").size());
    }

    @Test
    void queriesWithFiltersSortsAndPagination() throws IOException {
        for (int i = 0; i < 25; i++) {
            now.set(Instant.parse("2025-05-01T10:00:00Z").plusSeconds(60L * i));
            notion.createPage(interactions.dataSourceId(), interactionProps("n" + i, "evt-" + i));
        }
        String query = "/v1/data_sources/" + interactions.dataSourceId() + "/query";

        Reply one = call("POST", query, obj("{'filter':{'property':'Event ID','rich_text':{'equals':'evt-7'}}}"));
        assertEquals(200, one.status(), one.json().toString());
        assertEquals("page_or_data_source", one.json().get("type").getAsString());
        assertEquals(1, one.json().getAsJsonArray("results").size());
        assertEquals("n7", plain(one.json().getAsJsonArray("results").get(0).getAsJsonObject(), "Name", "title"));
        assertFalse(one.json().get("has_more").getAsBoolean());
        assertTrue(one.json().get("next_cursor").isJsonNull());

        // Pages edited at 10:20 .. 10:24.
        Reply recent = call("POST", query, obj("{'filter':{'timestamp':'last_edited_time',"
                + "'last_edited_time':{'on_or_after':'2025-05-01T10:20:00Z'}}}"));
        assertEquals(5, recent.json().getAsJsonArray("results").size());
        Reply after = call("POST", query, obj("{'filter':{'and':[{'timestamp':'last_edited_time',"
                + "'last_edited_time':{'after':'2025-05-01T10:20:00Z'}},{'property':'Name','title':{'equals':'n21'}}]}}"));
        assertEquals(1, after.json().getAsJsonArray("results").size());
        Reply either = call("POST", query, obj("{'filter':{'or':[{'property':'Event ID','rich_text':{'equals':'evt-1'}},"
                + "{'property':'Event ID','rich_text':{'equals':'evt-2'}}]}}"));
        assertEquals(2, either.json().getAsJsonArray("results").size());

        Reply sorted = call("POST", query, obj("{'sorts':[{'timestamp':'last_edited_time','direction':'descending'}],'page_size':1}"));
        assertEquals("n24", plain(sorted.json().getAsJsonArray("results").get(0).getAsJsonObject(), "Name", "title"));

        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject body = obj("{'page_size':10}");
            if (cursor != null) body.addProperty("start_cursor", cursor);
            JsonObject page = call("POST", query, body).json();
            JsonArray results = page.getAsJsonArray("results");
            sizes.add(results.size());
            results.forEach(p -> assertTrue(seen.add(p.getAsJsonObject().get("id").getAsString()), "no duplicates"));
            cursor = page.get("has_more").getAsBoolean() ? page.get("next_cursor").getAsString() : null;
        } while (cursor != null);
        assertEquals(List.of(10, 10, 5), sizes);

        Reply tooBig = call("POST", query, obj("{'page_size':101}"));
        assertEquals(400, tooBig.status());
        assertEquals("validation_error", tooBig.code());
        assertEquals(400, call("POST", query, obj("{'filter':{'property':'Nope','rich_text':{'equals':'x'}}}")).status());

        // Trashed pages disappear from queries but stay readable.
        String trashed = one.json().getAsJsonArray("results").get(0).getAsJsonObject().get("id").getAsString();
        notion.setTrash(trashed, true);
        assertEquals(0, call("POST", query, obj("{'filter':{'property':'Event ID','rich_text':{'equals':'evt-7'}}}"))
                .json().getAsJsonArray("results").size());
        assertTrue(call("GET", "/v1/pages/" + trashed, null).json().get("in_trash").getAsBoolean());

        // Relation contains.
        String demo = demoPage("D");
        String live = seen.stream().filter(id -> !id.equals(trashed)).findFirst().orElseThrow();
        notion.updateProperties(live, relationProp(demo));
        Reply related = call("POST", query, obj("{'filter':{'property':'Demo','relation':{'contains':'" + demo + "'}}}"));
        assertEquals(1, related.json().getAsJsonArray("results").size());
    }

    private static JsonObject relationProp(String id) {
        JsonObject o = new JsonObject();
        o.add("Demo", relation(id));
        return o;
    }

    @Test
    void injectsStatusFaultsWithoutEffect() throws IOException {
        for (int status : List.of(400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 529)) {
            notion.enqueueFault(Fault.status(status).on("POST", "/v1/pages"));
            Reply r = call("POST", "/v1/pages", createBody(interactionProps("x", "evt-" + status)));
            assertEquals(status, r.status());
            assertEquals(Fault.codeFor(status), r.code());
            assertEquals(status, r.json().get("status").getAsInt());
            assertEquals("error", r.json().get("object").getAsString());
        }
        notion.enqueueFault(Fault.rateLimited(7).on("POST", "/v1/pages"));
        Reply limited = call("POST", "/v1/pages", createBody(interactionProps("x", "evt")));
        assertEquals("7", limited.retryAfter());
        notion.enqueueFault(Fault.status(503, "service_unavailable", 2));
        assertEquals("2", call("GET", "/v1/databases/" + demos.databaseId(), null).retryAfter());
        assertEquals(0, notion.pagesIn(interactions.dataSourceId()).size(), "faulted requests have no effect");

        // A fault only hits matching requests and is consumed once.
        notion.enqueueFault(Fault.status(500).on("POST", "/v1/pages"));
        assertEquals(200, call("GET", "/v1/databases/" + demos.databaseId(), null).status());
        assertEquals(500, call("POST", "/v1/pages", createBody(interactionProps("x", "e"))).status());
        assertEquals(200, call("POST", "/v1/pages", createBody(interactionProps("x", "e"))).status());
        List<RecordedCall> posts = notion.calls("POST", "/v1/pages");
        assertEquals(List.of(500, 200), posts.subList(posts.size() - 2, posts.size()).stream().map(RecordedCall::status).toList());
    }

    @Test
    void slowResponseTimesOutAfterTheWrite() {
        notion.enqueueFault(Fault.slow(Duration.ofMillis(700)).on("POST", "/v1/pages"));
        OkHttpClient impatient = http.newBuilder().readTimeout(Duration.ofMillis(200)).build();
        Request create = request("POST", "/v1/pages", createBody(interactionProps("slow", "evt-slow")).toString(), V).build();
        assertThrows(SocketTimeoutException.class, () -> send(impatient, create));
        assertEquals(1, notion.pagesIn(interactions.dataSourceId()).size(), "the page exists although the client timed out");
    }

    @Test
    void droppedConnectionsBeforeAndAfterTheEffect() throws IOException {
        notion.enqueueFault(Fault.dropAfterEffect().on("POST", "/v1/pages"));
        Request create = request("POST", "/v1/pages", createBody(interactionProps("drop", "evt-drop")).toString(), V).build();
        assertThrows(IOException.class, () -> send(create));
        assertEquals(1, notion.pagesIn(interactions.dataSourceId()).size(), "dropped after effect: page exists");
        assertEquals(0, notion.calls().get(0).status());

        notion.enqueueFault(Fault.dropBeforeEffect().on("POST", "/v1/pages"));
        Request again = request("POST", "/v1/pages", createBody(interactionProps("drop2", "evt-drop2")).toString(), V).build();
        assertThrows(IOException.class, () -> send(again));
        assertEquals(1, notion.pagesIn(interactions.dataSourceId()).size(), "dropped before effect: nothing happened");

        // The relay's recovery path: find the page by Event ID instead of creating it twice.
        Reply lookup = call("POST", "/v1/data_sources/" + interactions.dataSourceId() + "/query",
                obj("{'filter':{'property':'Event ID','rich_text':{'equals':'evt-drop'}}}"));
        assertEquals(1, lookup.json().getAsJsonArray("results").size());
    }

    /**
     * Not a property of the fake but of OkHttp 4.12, which the relay uses: with the default
     * retryOnConnectionFailure(true), a POST whose pooled connection is dropped is re-sent
     * silently, so the caller sees 200 while Notion now holds two pages. The relay's client must
     * switch that off and resolve the ambiguity itself (look the page up by Event ID).
     */
    @Test
    void defaultOkHttpClientSilentlyResendsADroppedPost() throws IOException {
        OkHttpClient defaults = new OkHttpClient();
        try {
            send(defaults, request("GET", "/v1/databases/" + demos.databaseId(), null, V).build()); // warm the pool
            notion.enqueueFault(Fault.dropAfterEffect().on("POST", "/v1/pages"));
            Reply r = send(defaults, request("POST", "/v1/pages", createBody(interactionProps("dup", "evt-dup")).toString(), V).build());
            assertEquals(200, r.status());
            assertEquals(2, notion.pagesIn(interactions.dataSourceId()).size(), "duplicate created behind the caller's back");
            assertEquals(List.of(0, 200), notion.calls("POST", "/v1/pages").stream().map(RecordedCall::status).toList());
        } finally {
            defaults.dispatcher().executorService().shutdown();
            defaults.connectionPool().evictAll();
        }
    }

    @Test
    void randomFaultsAreSeededAndFilteredByMatcher() throws IOException {
        notion.setRandomFaults(0.5, 42, List.of(Fault.status(503).on("GET", "/v1/databases")));
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) first.add(call("GET", "/v1/databases/" + demos.databaseId(), null).status());
        assertTrue(first.contains(503) && first.contains(200), first.toString());
        // Non-matching requests are never hit.
        assertEquals(200, call("GET", "/v1/data_sources/" + demos.dataSourceId(), null).status());

        notion.setRandomFaults(0.5, 42, List.of(Fault.status(503).on("GET", "/v1/databases")));
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) second.add(call("GET", "/v1/databases/" + demos.databaseId(), null).status());
        assertEquals(first, second, "same seed, same faults");

        notion.setRandomFaults(0, 0, List.of());
        assertEquals(200, call("GET", "/v1/databases/" + demos.databaseId(), null).status());
    }

    @Test
    void rateBucketAnswers429WithRetryAfter() throws IOException {
        notion.setRateLimit(1, 3);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) replies.add(call("GET", "/v1/databases/" + demos.databaseId(), null));
        assertEquals(200, replies.get(0).status());
        Reply limited = replies.get(replies.size() - 1);
        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.code());
        assertEquals("1", limited.retryAfter());
        long count429 = replies.stream().filter(r -> r.status() == 429).count();
        assertEquals(count429, notion.overRateLimitCount());
        assertTrue(count429 >= 2);

        notion.setRateLimit(0, 0);
        assertEquals(200, call("GET", "/v1/databases/" + demos.databaseId(), null).status());
    }

    @Test
    void timestampsAreRoundedDownToTheMinute() throws IOException {
        Reply created = call("POST", "/v1/pages", createBody(interactionProps("t", "evt-t")));
        String id = created.json().get("id").getAsString();
        assertEquals("2025-05-01T12:34:00.000Z", created.json().get("created_time").getAsString());
        assertEquals("2025-05-01T12:34:00.000Z", created.json().get("last_edited_time").getAsString());

        now.set(Instant.parse("2025-05-01T12:40:59.999Z"));
        Reply edited = call("PATCH", "/v1/pages/" + id, obj("{'properties':{'Count':{'number':1}}}"));
        assertEquals("2025-05-01T12:34:00.000Z", edited.json().get("created_time").getAsString());
        assertEquals("2025-05-01T12:40:00.000Z", edited.json().get("last_edited_time").getAsString());

        now.set(Instant.parse("2025-05-01T12:45:10Z"));
        Reply trashed = call("PATCH", "/v1/pages/" + id, obj("{'in_trash':true}"));
        assertTrue(trashed.json().get("in_trash").getAsBoolean());
        assertEquals("2025-05-01T12:45:00.000Z", trashed.json().get("last_edited_time").getAsString());
        // Editing a trashed page is refused until it is restored.
        assertEquals(400, call("PATCH", "/v1/pages/" + id, obj("{'properties':{'Count':{'number':2}}}")).status());
        // 2026-03-11 rejects the old "archived" field; 2025-09-03 still takes it.
        assertEquals(400, call("PATCH", "/v1/pages/" + id, obj("{'archived':false}")).status());
        Reply restored = send(request("PATCH", "/v1/pages/" + id, "{\"archived\":false}", "2025-09-03").build());
        assertFalse(restored.json().get("in_trash").getAsBoolean());
    }

    @Test
    void appendsAndListsBlocks() throws IOException {
        String page = notion.createPage(interactions.dataSourceId(), interactionProps("p", "evt-p")).get("id").getAsString();
        String path = "/v1/blocks/" + page + "/children";
        Reply first = call("PATCH", path, obj("{'children':[{'paragraph':{'rich_text':[{'text':{'content':'one'}}]}},"
                + "{'paragraph':{'rich_text':[{'text':{'content':'three'}}]}}]}"));
        assertEquals(200, first.status(), first.json().toString());
        JsonArray created = first.json().getAsJsonArray("results");
        assertEquals("block", created.get(0).getAsJsonObject().get("object").getAsString());
        String one = created.get(0).getAsJsonObject().get("id").getAsString();

        call("PATCH", path, obj("{'children':[{'paragraph':{'rich_text':[{'text':{'content':'two'}}]}}],"
                + "'position':{'type':'after_block','after_block':{'id':'" + one + "'}}}"));
        call("PATCH", path, obj("{'children':[{'heading_1':{'rich_text':[{'text':{'content':'zero'}}]}}],'position':{'type':'start'}}"));
        List<String> texts = new ArrayList<>();
        notion.children(page).forEach(b -> {
            String type = b.get("type").getAsString();
            texts.add(b.getAsJsonObject(type).getAsJsonArray("rich_text").get(0).getAsJsonObject().get("plain_text").getAsString());
        });
        assertEquals(List.of("zero", "one", "two", "three"), texts);

        Reply pageOne = call("GET", path + "?page_size=3", null);
        assertEquals(3, pageOne.json().getAsJsonArray("results").size());
        assertTrue(pageOne.json().get("has_more").getAsBoolean());
        Reply pageTwo = call("GET", path + "?page_size=3&start_cursor=" + pageOne.json().get("next_cursor").getAsString(), null);
        assertEquals(1, pageTwo.json().getAsJsonArray("results").size());

        // 2026-03-11 refuses "after"; older versions take it.
        assertEquals(400, call("PATCH", path, obj("{'children':[{'divider':{}}],'after':'" + one + "'}")).status());
        assertEquals(200, send(request("PATCH", path, "{\"children\":[{\"divider\":{}}],\"after\":\"" + one + "\"}", "2025-09-03")
                .build()).status());

        JsonObject tooMany = new JsonObject();
        JsonArray blocks = new JsonArray();
        for (int i = 0; i < 101; i++) blocks.add(obj("{'divider':{}}"));
        tooMany.add("children", blocks);
        assertEquals(400, call("PATCH", path, tooMany).status());
        assertEquals(404, call("GET", "/v1/blocks/0f0e0d0c-0b0a-4908-8706-050403020100/children", null).status());
    }

    @Test
    void servesConcurrentClientsAndRecordsCalls() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i;
                results.add(pool.submit(() -> call("POST", "/v1/pages", createBody(interactionProps("c" + n, "evt-c" + n))).status()));
            }
            for (Future<Integer> f : results) assertEquals(200, f.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(80, notion.pagesIn(interactions.dataSourceId()).size());
        List<RecordedCall> calls = notion.calls();
        assertEquals(80, calls.size());
        RecordedCall c = calls.get(0);
        assertEquals("POST", c.method());
        assertEquals("/v1/pages", c.path());
        assertEquals("Bearer " + TOKEN, c.header("authorization"));
        assertEquals(V, c.headers().get("Notion-Version"));
        assertTrue(c.body().contains("evt-c"));
        assertEquals(200, c.status());
        assertNotNull(c.at());
    }

    // ------------------------------------------------------------------ databases and data sources (init)

    @Test
    void createsADatabaseUnderASharedPageAndAddsPropertiesToItsDataSource() throws IOException {
        String parent = notion.createWorkspacePage("Setup");
        Reply created = call("POST", "/v1/databases", obj("{'parent': {'type': 'page_id', 'page_id': '" + parent + "'},"
                + "'title': [{'type': 'text', 'text': {'content': 'Things'}}],"
                + "'initial_data_source': {'properties': {'Name': {'title': {}}, 'Other': {'relation': {'data_source_id': '"
                + demos.dataSourceId() + "', 'type': 'dual_property', 'dual_property': {'synced_property_name': 'Things'}}}}}}"));
        assertEquals(200, created.status(), created.json().toString());
        assertEquals("database", created.json().get("object").getAsString());
        assertEquals(parent, created.json().getAsJsonObject("parent").get("page_id").getAsString());
        String ds = created.json().getAsJsonArray("data_sources").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject block = notion.children(parent).get(0);
        assertEquals("child_database", block.get("type").getAsString());
        assertEquals("Things", block.getAsJsonObject("child_database").get("title").getAsString());
        assertEquals(created.json().get("id").getAsString(), block.get("id").getAsString());
        assertTrue(notion.dataSource(demos.dataSourceId()).orElseThrow().getAsJsonObject("properties").has("Things"),
                "the two-way relation's other side");

        Reply patched = call("PATCH", "/v1/data_sources/" + ds, obj("{'properties': {'Log': {'formula': {'expression': 'prop(\\'Name\\')'}}}}"));
        assertEquals(200, patched.status(), patched.json().toString());
        assertEquals("formula", patched.json().getAsJsonObject("properties").getAsJsonObject("Log").get("type").getAsString());
        assertEquals(400, call("PATCH", "/v1/data_sources/" + ds, obj("{'properties': {'Log': null}}")).status(),
                "removing is not modelled: refused loudly");
    }

    @Test
    void aDatabaseUnderAPageTheIntegrationCannotSeeIs404AndTheOldShapeIsRefused() throws IOException {
        Reply missing = call("POST", "/v1/databases", obj("{'parent': {'type': 'page_id', 'page_id': '2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b'},"
                + "'initial_data_source': {'properties': {'Name': {'title': {}}}}}"));
        assertEquals(404, missing.status());
        assertEquals("object_not_found", missing.json().get("code").getAsString());
        String parent = notion.createWorkspacePage("Setup");
        Reply oldShape = call("POST", "/v1/databases", obj("{'parent': {'type': 'page_id', 'page_id': '" + parent + "'},"
                + "'properties': {'Name': {'title': {}}}}"));
        assertEquals(400, oldShape.status(), "from 2025-09-03 the schema goes in initial_data_source");
        assertTrue(notion.children(parent).isEmpty());
    }
}
