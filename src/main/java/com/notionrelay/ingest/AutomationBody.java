package com.notionrelay.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.route.Template;
import java.util.Map;

/**
 * The body a Notion database automation's "Send webhook" action posts,
 * {@code {"source": {"type": "automation", …}, "data": {<page>}}}, turned into a native event
 * body through the route file's {@code automation} mapping. Templates there read
 * {@code page.id}, {@code page.url}, {@code page.properties.<Name>} (plain values: text, number,
 * true/false, a list of names or ids) and {@code source.*}.
 */
public final class AutomationBody {

    private AutomationBody() {
    }

    public static boolean isAutomation(JsonObject body) {
        JsonElement source = body.get("source");
        return source != null && source.isJsonObject() && source.getAsJsonObject().has("type")
                && "automation".equals(Template.asText(source.getAsJsonObject().get("type")));
    }

    /** The native event; its id is {@code automation:<event_id>:<action_id>}, so Notion's retries are duplicates. */
    public static JsonObject toNative(JsonObject body, Map<String, Template> mapping) {
        JsonObject source = body.getAsJsonObject("source");
        String eventId = required(source, "event_id");
        String actionId = required(source, "action_id");
        JsonElement data = body.get("data");
        if (data == null || !data.isJsonObject() || !data.getAsJsonObject().has("id")) {
            throw InvalidEventException.field("data", "must be the Notion page object the automation sends");
        }
        JsonObject context = new JsonObject();
        context.add("page", page(data.getAsJsonObject()));
        context.add("source", source);
        JsonObject event = new JsonObject();
        event.addProperty("event_id", "automation:" + eventId + ":" + actionId);
        for (Map.Entry<String, Template> m : mapping.entrySet()) {
            JsonElement value = m.getValue().value(context);
            if (value != null && !value.isJsonNull()) {
                put(event, m.getKey().split("\\."), value);
            }
        }
        return event;
    }

    private static String required(JsonObject source, String key) {
        JsonElement e = source.get(key);
        if (e == null || !e.isJsonPrimitive() || e.getAsString().isBlank()) {
            throw InvalidEventException.field("source." + key, "is required in an automation body");
        }
        return e.getAsString();
    }

    private static void put(JsonObject into, String[] path, JsonElement value) {
        JsonObject at = into;
        for (int i = 0; i < path.length - 1; i++) {
            if (!at.has(path[i]) || !at.get(path[i]).isJsonObject()) {
                at.add(path[i], new JsonObject());
            }
            at = at.getAsJsonObject(path[i]);
        }
        at.add(path[path.length - 1], value);
    }

    private static JsonObject page(JsonObject data) {
        JsonObject page = new JsonObject();
        for (String key : new String[] {"id", "url", "created_time", "last_edited_time"}) {
            if (data.has(key)) {
                page.add(key, data.get(key));
            }
        }
        JsonObject plain = new JsonObject();
        if (data.has("properties") && data.get("properties").isJsonObject()) {
            for (Map.Entry<String, JsonElement> p : data.getAsJsonObject("properties").entrySet()) {
                try {
                    plain.add(p.getKey(), plain(p.getValue().getAsJsonObject()));
                } catch (RuntimeException notAPropertyValue) {
                    throw InvalidEventException.field("data.properties." + p.getKey(), "is not a Notion property value");
                }
            }
        }
        page.add("properties", plain);
        return page;
    }

    /** A property value as Notion reads it, reduced to what a person sees. */
    static JsonElement plain(JsonObject property) {
        String type = property.has("type") ? property.get("type").getAsString() : "";
        JsonElement v = property.get(type);
        if (v == null || v.isJsonNull()) {
            return JsonNull.INSTANCE;
        }
        return switch (type) {
            case "title", "rich_text" -> new JsonPrimitive(PageObjects.plainText(v.getAsJsonArray()));
            case "select", "status" -> v.getAsJsonObject().get("name");
            case "multi_select" -> collect(v.getAsJsonArray(), "name");
            case "relation", "people" -> collect(v.getAsJsonArray(), "id");
            case "date" -> v.getAsJsonObject().get("start");
            case "formula", "rollup" -> v.getAsJsonObject().get(v.getAsJsonObject().get("type").getAsString());
            case "unique_id" -> {
                JsonObject u = v.getAsJsonObject();
                String prefix = u.has("prefix") && !u.get("prefix").isJsonNull() ? u.get("prefix").getAsString() + "-" : "";
                yield new JsonPrimitive(prefix + u.get("number").getAsString());
            }
            default -> v;
        };
    }

    private static JsonArray collect(JsonArray items, String key) {
        JsonArray out = new JsonArray();
        for (JsonElement item : items) {
            if (item.isJsonObject() && item.getAsJsonObject().has(key)) {
                out.add(item.getAsJsonObject().get(key));
            }
        }
        return out;
    }
}
