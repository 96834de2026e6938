package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns the store's objects into Notion API JSON for a given Notion-Version. */
final class Renderer {
    /** A page object lists at most this many relation items; the rest come from the property endpoint. */
    static final int RELATION_LIMIT_IN_PAGE = 25;

    /** Notion prints milliseconds even though they are always zero: "2024-05-01T12:34:00.000Z". */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Store store;

    Renderer(Store store) {
        this.store = store;
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static JsonObject bot() {
        return Json.object("object", "user", "id", Store.BOT_ID);
    }

    static JsonObject list(JsonArray results, Paging.Slice<?> slice, String type) {
        return Json.object("object", "list", "results", results, "next_cursor", slice.nextCursor(),
                "has_more", slice.hasMore(), "type", type, type, new JsonObject(), "request_id", UUID.randomUUID().toString());
    }

    static String plainText(JsonElement richText) {
        if (richText == null || !richText.isJsonArray()) return "";
        StringBuilder sb = new StringBuilder();
        richText.getAsJsonArray().forEach(i -> sb.append(i.getAsJsonObject().get("plain_text").getAsString()));
        return sb.toString();
    }

    private static JsonArray textArray(String text) {
        return RichText.normalise(singleText(text), "title");
    }

    private static JsonArray singleText(String text) {
        JsonArray a = new JsonArray();
        if (!text.isEmpty()) a.add(Json.object("type", "text", "text", Json.object("content", text)));
        return a;
    }

    private static void trashFields(JsonObject o, boolean inTrash, ApiVersion v) {
        o.addProperty("in_trash", inTrash);
        if (v.hasArchivedField()) o.addProperty("archived", inTrash);
    }

    // ------------------------------------------------------------------ pages

    JsonObject page(Store.Page page, ApiVersion v, boolean truncateRelations) {
        JsonObject o = Json.object("object", "page", "id", page.id,
                "created_time", timestamp(page.created), "last_edited_time", timestamp(page.lastEdited),
                "created_by", bot(), "last_edited_by", bot(), "cover", null, "icon", null,
                "parent", pageParent(page, v));
        trashFields(o, page.inTrash, v);
        o.addProperty("is_locked", false);
        JsonObject props = new JsonObject();
        for (Map.Entry<String, JsonObject> e : store.schemaOf(page).entrySet()) {
            props.add(e.getKey(), propertyValue(page, e.getValue(), truncateRelations));
        }
        o.add("properties", props);
        o.addProperty("url", "https://www.notion.so/" + slug(plainText(titleOf(page))) + Ids.undashed(page.id));
        o.add("public_url", JsonNull.INSTANCE);
        return o;
    }

    JsonElement titleOf(Store.Page page) {
        for (JsonObject prop : store.schemaOf(page).values()) {
            if ("title".equals(prop.get("type").getAsString())) return page.values.get(prop.get("name").getAsString());
        }
        return null;
    }

    private static String slug(String title) {
        String s = title.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "" : s + "-";
    }

    private JsonObject pageParent(Store.Page page, ApiVersion v) {
        if (page.parentPageId != null) return Json.object("type", "page_id", "page_id", page.parentPageId);
        if (page.dataSourceId == null) return Json.object("type", "workspace", "workspace", true);
        Store.DataSource ds = store.dataSources.get(page.dataSourceId);
        if (!v.hasDataSources()) return Json.object("type", "database_id", "database_id", ds.databaseId);
        return Json.object("type", "data_source_id", "data_source_id", ds.id, "database_id", ds.databaseId);
    }

    /** {"id","type",<type>: value} with read-side empty values for unset properties. */
    JsonObject propertyValue(Store.Page page, JsonObject prop, boolean truncateRelations) {
        String name = prop.get("name").getAsString();
        String type = prop.get("type").getAsString();
        JsonObject o = Json.object("id", prop.get("id").getAsString(), "type", type);
        JsonElement stored = page.values.get(name);
        switch (type) {
            case "relation" -> {
                JsonArray all = stored == null ? new JsonArray() : stored.getAsJsonArray();
                boolean cut = truncateRelations && all.size() > RELATION_LIMIT_IN_PAGE;
                JsonArray shown = new JsonArray();
                for (int i = 0; i < all.size() && (!cut || i < RELATION_LIMIT_IN_PAGE); i++) shown.add(all.get(i).deepCopy());
                o.add("relation", shown);
                o.addProperty("has_more", cut);
            }
            case "created_time" -> o.addProperty(type, timestamp(page.created));
            case "last_edited_time" -> o.addProperty(type, timestamp(page.lastEdited));
            case "created_by", "last_edited_by" -> o.add(type, bot());
            case "unique_id" -> o.add(type, Json.object("prefix", prop.getAsJsonObject("unique_id").get("prefix").deepCopy(),
                    "number", page.uniqueNumber));
            case "formula" -> o.add(type, Json.object("type", "string", "string", null));
            case "rollup" -> o.add(type, Json.object("type", "array", "array", new JsonArray(), "function", "show_original"));
            case "button" -> o.add(type, new JsonObject());
            case "verification" -> o.add(type, Json.object("state", "unverified", "verified_by", null, "date", null));
            default -> o.add(type, stored != null ? stored.deepCopy() : emptyValue(type));
        }
        return o;
    }

    private static JsonElement emptyValue(String type) {
        return switch (type) {
            case "title", "rich_text", "multi_select", "people", "files" -> new JsonArray();
            case "checkbox" -> Json.toElement(false);
            default -> JsonNull.INSTANCE;
        };
    }

    // ------------------------------------------------------------------ databases

    JsonObject database(Store.Database db, ApiVersion v) {
        JsonObject o = Json.object("object", "database", "id", db.id,
                "created_time", timestamp(db.created), "last_edited_time", timestamp(db.created),
                "created_by", bot(), "last_edited_by", bot(),
                "title", textArray(db.title), "description", new JsonArray(),
                "icon", null, "cover", null, "parent", databaseParent(db),
                "is_inline", false);
        trashFields(o, false, v);
        o.addProperty("is_locked", false);
        if (v.hasDataSources()) {
            JsonArray sources = new JsonArray();
            db.dataSourceIds.forEach(id -> sources.add(Json.object("id", id, "name", store.dataSources.get(id).name)));
            o.add("data_sources", sources);
        } else {
            // Before 2025-09-03 a database *was* its (single) data source: the schema sits here.
            o.add("properties", schema(store.dataSources.get(db.dataSourceIds.get(0))));
        }
        o.addProperty("url", "https://www.notion.so/" + Ids.undashed(db.id));
        o.add("public_url", JsonNull.INSTANCE);
        return o;
    }

    JsonObject dataSource(Store.DataSource ds, ApiVersion v) {
        JsonObject o = Json.object("object", "data_source", "id", ds.id,
                "created_time", timestamp(ds.created), "last_edited_time", timestamp(ds.created),
                "created_by", bot(), "last_edited_by", bot(),
                "title", textArray(ds.name), "description", new JsonArray(), "icon", null, "cover", null,
                "parent", Json.object("type", "database_id", "database_id", ds.databaseId),
                "database_parent", databaseParent(store.databases.get(ds.databaseId)),
                "properties", schema(ds));
        trashFields(o, false, v);
        o.addProperty("url", "https://www.notion.so/" + Ids.undashed(ds.databaseId));
        o.add("public_url", JsonNull.INSTANCE);
        return o;
    }

    private static JsonObject databaseParent(Store.Database db) {
        return db.parentPageId == null ? Json.object("type", "workspace", "workspace", true)
                : Json.object("type", "page_id", "page_id", db.parentPageId);
    }

    private static JsonObject schema(Store.DataSource ds) {
        JsonObject props = new JsonObject();
        ds.schema.forEach((name, prop) -> props.add(name, prop.deepCopy()));
        return props;
    }

    // ------------------------------------------------------------------ blocks

    JsonObject block(Store.Block b, ApiVersion v) {
        Store.Page childPage = b.type.equals("child_page") ? store.pages.get(b.id) : null;
        JsonObject parent;
        if (childPage != null && childPage.dataSourceId != null) {
            parent = pageParent(childPage, v); // a data-source page read through /v1/blocks/{id}
        } else {
            parent = b.parentIsPage ? Json.object("type", "page_id", "page_id", b.parentId)
                    : Json.object("type", "block_id", "block_id", b.parentId);
        }
        JsonObject payload = b.payload.deepCopy();
        if (childPage != null) payload.addProperty("title", plainText(titleOf(childPage)));
        boolean inTrash = childPage != null && childPage.inTrash;
        JsonObject o = Json.object("object", "block", "id", b.id, "parent", parent,
                "created_time", timestamp(b.created), "last_edited_time", timestamp(b.created),
                "created_by", bot(), "last_edited_by", bot(),
                "has_children", !store.children.getOrDefault(b.id, List.of()).isEmpty());
        trashFields(o, inTrash, v);
        o.addProperty("type", b.type);
        o.add(b.type, payload);
        return o;
    }
}
