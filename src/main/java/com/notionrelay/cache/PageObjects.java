package com.notionrelay.cache;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a Notion page object (as the API returns it) into the cache's shape. */
public final class PageObjects {

    private PageObjects() {
    }

    public static CachedPage fromApi(JsonObject page) {
        JsonObject props = page.has("properties") ? page.getAsJsonObject("properties") : new JsonObject();
        String title = "";
        Map<String, List<String>> relations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : props.entrySet()) {
            JsonObject p = e.getValue().getAsJsonObject();
            String type = p.has("type") ? p.get("type").getAsString() : "";
            if (type.equals("title")) {
                title = plainText(p.getAsJsonArray("title"));
            } else if (type.equals("relation") && p.get("relation").isJsonArray() && !bool(p, "has_more")) {
                List<String> ids = new ArrayList<>();
                for (JsonElement r : p.getAsJsonArray("relation")) {
                    ids.add(r.getAsJsonObject().get("id").getAsString());
                }
                relations.put(e.getKey(), ids);
            }
        }
        JsonObject parent = page.has("parent") ? page.getAsJsonObject("parent") : new JsonObject();
        String dataSource = parent.has("data_source_id") ? parent.get("data_source_id").getAsString() : null;
        boolean trashed = bool(page, "in_trash") || bool(page, "archived");
        return new CachedPage(page.get("id").getAsString(), dataSource, title, props,
                string(page, "created_time"), string(page, "last_edited_time"), trashed, relations);
    }

    /**
     * Relation properties the page object cut short (Notion lists 25 items at most): property name
     * to property id, for reading the full list through the page-property endpoint. {@link #fromApi}
     * leaves these out, so an upsert never replaces a fuller cached list with a cut one.
     */
    public static Map<String, String> truncatedRelations(JsonObject page) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonObject props = page.has("properties") ? page.getAsJsonObject("properties") : new JsonObject();
        for (Map.Entry<String, JsonElement> e : props.entrySet()) {
            JsonObject p = e.getValue().getAsJsonObject();
            if (p.has("type") && p.get("type").getAsString().equals("relation") && bool(p, "has_more")) {
                out.put(e.getKey(), p.get("id").getAsString());
            }
        }
        return out;
    }

    /** The concatenated plain text of a rich-text array, as Notion shows it. */
    public static String plainText(JsonArray richText) {
        StringBuilder sb = new StringBuilder();
        if (richText != null) {
            for (JsonElement item : richText) {
                JsonObject o = item.getAsJsonObject();
                if (o.has("plain_text")) {
                    sb.append(o.get("plain_text").getAsString());
                } else if (o.has("text")) {
                    sb.append(o.getAsJsonObject("text").get("content").getAsString());
                }
            }
        }
        return sb.toString();
    }

    private static boolean bool(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() && o.get(key).getAsBoolean();
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }
}
