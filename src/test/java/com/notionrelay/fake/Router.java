package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Maps /v1 requests to store operations and renders the answers. Callers hold the store's lock,
 * so a request either applies entirely or (when it throws NotionException) not at all.
 */
final class Router {
    /** What the router needs from an HTTP request; headers are case-insensitive. */
    record ApiRequest(String method, HttpUrl url, Map<String, String> headers, String body) {}

    private final Store store;
    private final String token;
    private final Supplier<String> baseUrl;
    private final PropertyWriter writer;
    private final QueryEngine query;
    private final Renderer render;

    Router(Store store, String token, Supplier<String> baseUrl) {
        this.store = store;
        this.token = token;
        this.baseUrl = baseUrl;
        this.writer = new PropertyWriter(store);
        this.query = new QueryEngine(store);
        this.render = new Renderer(store);
    }

    JsonObject handle(ApiRequest req) {
        String auth = req.headers().get("Authorization");
        if (auth == null || !auth.equals("Bearer " + token)) throw NotionException.unauthorized();
        String versionHeader = req.headers().get("Notion-Version");
        if (versionHeader == null || versionHeader.isBlank()) throw NotionException.missingVersion();
        ApiVersion v = ApiVersion.parse(versionHeader.trim()).orElseThrow(() -> NotionException.validation(
                "Notion-Version header failed validation: `" + versionHeader + "` is not a supported version "
                        + "(2022-06-28, 2025-09-03, 2026-03-11)."));

        List<String> seg = new ArrayList<>(req.url().encodedPathSegments());
        if (!seg.isEmpty() && seg.get(seg.size() - 1).isEmpty()) seg.remove(seg.size() - 1);
        if (seg.size() < 2 || !seg.get(0).equals("v1")) throw NotionException.invalidUrl();
        String m = req.method();
        String resource = seg.get(1);
        int n = seg.size();
        switch (resource) {
            case "databases" -> {
                if (m.equals("POST") && n == 2) return createDatabase(body(req), v);
                if (m.equals("GET") && n == 3) return getDatabase(seg.get(2), v);
                if (m.equals("POST") && n == 4 && seg.get(3).equals("query") && !v.hasDataSources()) {
                    return queryDatabase(seg.get(2), body(req), v);
                }
            }
            case "data_sources" -> {
                if (m.equals("GET") && n == 3) return render.dataSource(dataSource(seg.get(2), "path.data_source_id"), v);
                if (m.equals("PATCH") && n == 3 && v.hasDataSources()) {
                    return updateDataSource(dataSource(seg.get(2), "path.data_source_id"), body(req), v);
                }
                if (m.equals("POST") && n == 4 && seg.get(3).equals("query")) {
                    return queryDataSource(dataSource(seg.get(2), "path.data_source_id"), body(req), v, "page_or_data_source");
                }
            }
            case "pages" -> {
                if (m.equals("POST") && n == 2) return createPage(body(req), v);
                if (m.equals("GET") && n == 3) return render.page(page(seg.get(2)), v, true);
                if (m.equals("PATCH") && n == 3) return updatePage(page(seg.get(2)), body(req), v);
                if (m.equals("GET") && n == 5 && seg.get(3).equals("properties")) {
                    return propertyItem(page(seg.get(2)), seg.get(4), req.url());
                }
            }
            case "blocks" -> {
                if (m.equals("GET") && n == 3) return getBlock(seg.get(2), v);
                if (n == 4 && seg.get(3).equals("children")) {
                    if (m.equals("GET")) return listChildren(seg.get(2), req.url(), v);
                    if (m.equals("PATCH")) return appendChildren(seg.get(2), body(req), v);
                }
            }
            default -> { }
        }
        throw NotionException.invalidUrl();
    }

    // ------------------------------------------------------------------ helpers

    private static JsonObject body(ApiRequest req) {
        if (req.body() == null || req.body().isBlank()) return new JsonObject();
        JsonElement parsed = Json.parseStrict(req.body());
        if (!parsed.isJsonObject()) {
            throw NotionException.validation("body should be an object, instead was `" + Json.show(parsed) + "`.");
        }
        return parsed.getAsJsonObject();
    }

    private Store.Page page(String rawId) {
        String id = Ids.require(rawId, "path.page_id");
        Store.Page page = store.pages.get(id);
        if (page == null) throw NotionException.notFound("page", id);
        return page;
    }

    /** A database id is not a data source id (and vice versa): Notion answers 404, so do we. */
    private Store.DataSource dataSource(String rawId, String where) {
        String id = Ids.require(rawId, where);
        Store.DataSource ds = store.dataSources.get(id);
        if (ds == null) throw NotionException.notFound("data_source", id);
        return ds;
    }

    private Store.Database database(String rawId, String where) {
        String id = Ids.require(rawId, where);
        Store.Database db = store.databases.get(id);
        if (db == null) throw NotionException.notFound("database", id);
        return db;
    }

    private static Boolean optionalBoolean(JsonObject body, String key) {
        JsonElement e = body.get(key);
        if (e == null) return null;
        if (!Json.isBoolean(e)) {
            throw NotionException.validation("body." + key + " should be a boolean, instead was `" + Json.show(e) + "`.");
        }
        return e.getAsBoolean();
    }

    // ------------------------------------------------------------------ databases & data sources

    private JsonObject getDatabase(String rawId, ApiVersion v) {
        return render.database(database(rawId, "path.database_id"), v);
    }

    /**
     * POST /v1/databases. From 2025-09-03 the schema is {@code initial_data_source.properties};
     * before, it is {@code properties}. The parent must be a page the integration can see (else 404).
     */
    private JsonObject createDatabase(JsonObject body, ApiVersion v) {
        JsonElement parentEl = body.get("parent");
        if (parentEl == null || !parentEl.isJsonObject()) {
            throw NotionException.validation("body.parent should be an object, instead was `" + Json.show(parentEl) + "`.");
        }
        JsonObject parent = parentEl.getAsJsonObject();
        if (!parent.has("page_id")) {
            throw NotionException.notModelled("database parents other than page_id (" + Json.show(parent) + ")");
        }
        String parentId = Ids.require(Json.string(parent, "page_id"), "body.parent.page_id");
        Store.Page parentPage = store.pages.get(parentId);
        if (parentPage == null) throw NotionException.notFound("page", parentId);
        if (parentPage.inTrash) throw archived();
        JsonElement schemaEl;
        String schemaPath;
        if (v.hasDataSources()) {
            if (body.has("properties")) {
                throw NotionException.validation("body.properties should be not present: Notion-Version " + v.header
                        + " takes the schema in initial_data_source.properties.");
            }
            JsonElement initial = body.get("initial_data_source");
            schemaEl = initial != null && initial.isJsonObject() ? initial.getAsJsonObject().get("properties") : null;
            schemaPath = "body.initial_data_source.properties";
        } else {
            schemaEl = body.get("properties");
            schemaPath = "body.properties";
        }
        if (schemaEl == null || !schemaEl.isJsonObject()) {
            throw NotionException.validation(schemaPath + " should be an object, instead was `" + Json.show(schemaEl) + "`.");
        }
        String title = body.has("title") ? Renderer.plainText(RichText.normalise(body.get("title"), "body.title")) : "";
        DatabaseIds ids;
        try {
            ids = store.createDatabase(title, schemaEl.getAsJsonObject(), parentPage);
        } catch (IllegalArgumentException e) {
            throw NotionException.validation(schemaPath + ": " + e.getMessage() + ".");
        }
        return render.database(store.databases.get(ids.databaseId()), v);
    }

    /** PATCH /v1/data_sources/{id}: adds properties (renames, removals and other fields are not modelled). */
    private JsonObject updateDataSource(Store.DataSource ds, JsonObject body, ApiVersion v) {
        for (String key : body.keySet()) {
            if (!key.equals("properties")) throw NotionException.notModelled("data source updates of `" + key + "`");
        }
        JsonElement props = body.get("properties");
        if (props == null || !props.isJsonObject()) {
            throw NotionException.validation("body.properties should be an object, instead was `" + Json.show(props) + "`.");
        }
        try {
            store.addProperties(ds, props.getAsJsonObject());
        } catch (IllegalStateException e) {
            throw NotionException.notModelled(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw NotionException.validation("body.properties: " + e.getMessage() + ".");
        }
        return render.dataSource(ds, v);
    }

    /** 2022-06-28 only: a database was queried directly (it had exactly one data source). */
    private JsonObject queryDatabase(String rawId, JsonObject body, ApiVersion v) {
        Store.Database db = database(rawId, "path.database_id");
        return queryDataSource(store.dataSources.get(db.dataSourceIds.get(0)), body, v, "page_or_database");
    }

    private JsonObject queryDataSource(Store.DataSource ds, JsonObject body, ApiVersion v, String listType) {
        int size = Paging.pageSize(body.get("page_size"), "body.page_size");
        JsonElement cursorEl = body.get("start_cursor");
        if (!Json.isNull(cursorEl) && !Json.isString(cursorEl)) {
            throw NotionException.validation("body.start_cursor should be a string, instead was `" + Json.show(cursorEl) + "`.");
        }
        List<Store.Page> matches = query.run(ds, body);
        Paging.Slice<Store.Page> slice = Paging.byId(matches, p -> p.id,
                Json.isNull(cursorEl) ? null : cursorEl.getAsString(), size, "body.start_cursor");
        JsonArray results = new JsonArray();
        slice.items().forEach(p -> results.add(render.page(p, v, true)));
        return Renderer.list(results, slice, listType);
    }

    // ------------------------------------------------------------------ pages

    private JsonObject createPage(JsonObject body, ApiVersion v) {
        JsonElement parentEl = body.get("parent");
        if (parentEl == null || !parentEl.isJsonObject()) {
            throw NotionException.validation("body.parent should be an object, instead was `" + Json.show(parentEl) + "`.");
        }
        JsonObject parent = parentEl.getAsJsonObject();
        Store.DataSource ds = null;
        Store.Page parentPage = null;
        if (parent.has("data_source_id")) {
            ds = dataSource(Json.string(parent, "data_source_id"), "body.parent.data_source_id");
        } else if (parent.has("database_id")) {
            Store.Database db = database(Json.string(parent, "database_id"), "body.parent.database_id");
            if (db.dataSourceIds.size() != 1) {
                throw NotionException.validation("Database " + db.id + " has several data sources: use parent.data_source_id.");
            }
            ds = store.dataSources.get(db.dataSourceIds.get(0));
        } else if (parent.has("page_id")) {
            String id = Ids.require(Json.string(parent, "page_id"), "body.parent.page_id");
            parentPage = store.pages.get(id);
            if (parentPage == null) throw NotionException.notFound("page", id);
            if (parentPage.inTrash) throw archived();
        } else {
            throw NotionException.validation("body.parent should define `data_source_id`, `database_id` or `page_id`, instead was `"
                    + Json.show(parent) + "`.");
        }
        Map<String, JsonObject> schema = ds != null ? ds.schema : Store.CHILD_PAGE_SCHEMA;
        PropertyWriter.Validated props = writer.validate(schema, body.get("properties"), "body.properties");
        List<BlockWriter.NewBlock> content = body.has("children") ? BlockWriter.parse(body.get("children"), "body.children") : List.of();
        props.commitSchema();
        Store.Page page = store.createPage(ds, parentPage, props.values(), content);
        return render.page(page, v, true);
    }

    private static NotionException archived() {
        return NotionException.validation("Can't edit block that is archived. You must unarchive the block before editing.");
    }

    private JsonObject updatePage(Store.Page page, JsonObject body, ApiVersion v) {
        Boolean trash = null;
        if (body.has("archived")) {
            if (!v.hasArchivedField()) {
                throw NotionException.validation("body.archived should be not present: Notion-Version " + v.header + " uses in_trash.");
            }
            trash = optionalBoolean(body, "archived");
        }
        Boolean inTrash = optionalBoolean(body, "in_trash");
        if (inTrash != null) {
            if (trash != null && !trash.equals(inTrash)) {
                throw NotionException.validation("body.archived and body.in_trash disagree.");
            }
            trash = inTrash;
        }
        PropertyWriter.Validated props = writer.validate(store.schemaOf(page), body.get("properties"), "body.properties");
        boolean trashedAfter = trash != null ? trash : page.inTrash;
        if (trashedAfter && !props.values().isEmpty()) throw archived();
        if (trash != null) store.setTrash(page, trash);
        if (!props.values().isEmpty()) {
            props.commitSchema();
            store.applyValues(page, props.values(), store.now());
        }
        return render.page(page, v, true);
    }

    /** GET /v1/pages/{id}/properties/{property_id}: the way to read more than 25 relation items. */
    private JsonObject propertyItem(Store.Page page, String rawPropertyId, HttpUrl url) {
        String wanted = PropertyWriter.fullyDecode(rawPropertyId);
        JsonObject prop = store.schemaOf(page).values().stream()
                .filter(p -> PropertyWriter.fullyDecode(p.get("id").getAsString()).equals(wanted))
                .findFirst().orElse(null);
        if (prop == null) throw NotionException.notFound("property", rawPropertyId);
        String id = prop.get("id").getAsString();
        String type = prop.get("type").getAsString();
        JsonObject value = render.propertyValue(page, prop, false);
        if (!List.of("relation", "title", "rich_text", "people").contains(type)) {
            JsonObject item = Json.object("object", "property_item", "id", id, "type", type);
            item.add(type, value.get(type));
            return item;
        }
        List<JsonElement> all = new ArrayList<>();
        value.getAsJsonArray(type).forEach(all::add);
        int size = Paging.pageSize(url.queryParameter("page_size"), "query.page_size");
        Paging.Slice<JsonElement> slice = Paging.byOffset(all, url.queryParameter("start_cursor"), size, "query.start_cursor");
        JsonArray results = new JsonArray();
        slice.items().forEach(e -> {
            JsonObject item = Json.object("object", "property_item", "id", id, "type", type);
            item.add(type, e.deepCopy());
            results.add(item);
        });
        JsonObject out = Renderer.list(results, slice, "property_item");
        String nextUrl = slice.nextCursor() == null ? null
                : baseUrl.get() + "/v1/pages/" + page.id + "/properties/" + id + "?start_cursor=" + slice.nextCursor();
        out.add("property_item", Json.object("id", id, "next_url", nextUrl, "type", type, type, new JsonObject()));
        return out;
    }

    // ------------------------------------------------------------------ blocks

    private String container(String rawId) {
        String id = Ids.require(rawId, "path.block_id");
        if (!store.isContainer(id)) throw NotionException.notFound("block", id);
        return id;
    }

    private JsonObject getBlock(String rawId, ApiVersion v) {
        String id = container(rawId);
        Store.Block b = store.blocks.get(id);
        if (b == null) {
            // A data-source page is a block too; show it as Notion does, as a child_page.
            Store.Page p = store.pages.get(id);
            b = new Store.Block(p.id, p.dataSourceId, false, "child_page", new JsonObject(), p.created);
        }
        return render.block(b, v);
    }

    private JsonObject listChildren(String rawId, HttpUrl url, ApiVersion v) {
        String id = container(rawId);
        int size = Paging.pageSize(url.queryParameter("page_size"), "query.page_size");
        Paging.Slice<Store.Block> slice = Paging.byId(store.childBlocks(id), b -> b.id,
                url.queryParameter("start_cursor"), size, "query.start_cursor");
        JsonArray results = new JsonArray();
        slice.items().forEach(b -> results.add(render.block(b, v)));
        return Renderer.list(results, slice, "block");
    }

    private JsonObject appendChildren(String rawId, JsonObject body, ApiVersion v) {
        String id = container(rawId);
        Store.Page page = store.pages.get(id);
        if (page != null && page.inTrash) throw archived();
        if (!body.has("children")) {
            throw NotionException.validation("body.children should be defined, instead was `undefined`.");
        }
        List<BlockWriter.NewBlock> blocks = BlockWriter.parse(body.get("children"), "body.children");
        String afterId = insertionPoint(id, body, v);
        List<Store.Block> created = store.insertBlocks(id, page != null, blocks, afterId);
        JsonArray results = new JsonArray();
        created.forEach(b -> results.add(render.block(b, v)));
        return Renderer.list(results, new Paging.Slice<>(created, null, false), "block");
    }

    /** null = end, "" = start, else the sibling to insert after. */
    private String insertionPoint(String parentId, JsonObject body, ApiVersion v) {
        String afterId = null;
        if (body.has("after")) {
            if (!v.hasArchivedField()) {
                throw NotionException.validation("body.after should be not present: Notion-Version " + v.header + " uses position.");
            }
            afterId = Ids.require(Json.string(body, "after"), "body.after");
        }
        if (body.has("position")) {
            JsonElement posEl = body.get("position");
            JsonObject pos = posEl.isJsonObject() ? posEl.getAsJsonObject() : new JsonObject();
            String type = Json.string(pos, "type");
            if (type == null) {
                throw NotionException.validation("body.position.type should be `\"end\"`, `\"start\"` or `\"after_block\"`, instead was `undefined`.");
            }
            switch (type) {
                case "end" -> afterId = null;
                case "start" -> afterId = "";
                case "after_block" -> {
                    JsonElement ab = pos.get("after_block");
                    String raw = ab != null && ab.isJsonObject() ? Json.string(ab.getAsJsonObject(), "id") : null;
                    afterId = Ids.require(raw, "body.position.after_block.id");
                }
                default -> throw NotionException.validation("body.position.type should be `\"end\"`, `\"start\"` or `\"after_block\"`, instead was `\"" + type + "\"`.");
            }
        }
        if (afterId != null && !afterId.isEmpty() && !store.children.getOrDefault(parentId, List.of()).contains(afterId)) {
            throw NotionException.validation("Block " + afterId + " is not a child of " + parentId + ".");
        }
        return afterId;
    }
}
