package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a "properties" object as POST/PATCH /v1/pages receive it, against the data-source
 * schema, and converts each value to the stored read shape. Nothing is changed until the whole
 * object is valid: new select options are returned as deferred schema changes.
 */
final class PropertyWriter {
    static final Set<String> READ_ONLY = Set.of("formula", "rollup", "created_time", "created_by",
            "last_edited_time", "last_edited_by", "unique_id", "button", "verification");
    static final int MAX_EMAIL_OR_PHONE = 200;
    static final int MAX_URL = 2000;
    static final int MAX_OPTION_NAME = 100;

    /** Validated values plus schema changes (new select options) to run when the request commits. */
    record Validated(Map<String, JsonElement> values, List<Runnable> schemaChanges) {
        void commitSchema() {
            schemaChanges.forEach(Runnable::run);
        }
    }

    private final Store store;

    PropertyWriter(Store store) {
        this.store = store;
    }

    Validated validate(Map<String, JsonObject> schema, JsonElement raw, String path) {
        Map<String, JsonElement> values = new LinkedHashMap<>();
        List<Runnable> changes = new ArrayList<>();
        if (Json.isNull(raw)) return new Validated(values, changes);
        if (!raw.isJsonObject()) {
            throw NotionException.validation(path + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        Map<String, JsonObject> pendingOptions = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : raw.getAsJsonObject().entrySet()) {
            JsonObject prop = findProperty(schema, e.getKey());
            if (prop == null) {
                throw NotionException.validation(e.getKey() + " is not a property that exists.");
            }
            String name = prop.get("name").getAsString();
            String type = prop.get("type").getAsString();
            String p = path + "." + e.getKey();
            if (READ_ONLY.contains(type)) {
                throw NotionException.validation("Cannot update property \"" + name + "\" of type " + type + ": it is read-only.");
            }
            if (!e.getValue().isJsonObject()) {
                throw NotionException.validation(p + " should be an object, instead was `" + Json.show(e.getValue()) + "`.");
            }
            JsonObject written = e.getValue().getAsJsonObject();
            String declared = Json.string(written, "type");
            boolean otherTypeKey = written.keySet().stream().anyMatch(k -> !k.equals(type) && Store.PROPERTY_TYPES.contains(k));
            if ((declared != null && !declared.equals(type)) || (!written.has(type) && otherTypeKey)) {
                throw NotionException.validation(name + " is expected to be " + type + ".");
            }
            if (!written.has(type)) {
                throw NotionException.validation(p + "." + type + " should be defined, instead was `undefined`.");
            }
            values.put(name, value(prop, type, written.get(type), p + "." + type, changes, pendingOptions));
        }
        return new Validated(values, changes);
    }

    /** Clients may key properties by name or by id (ids possibly URL-encoded once more). */
    static JsonObject findProperty(Map<String, JsonObject> schema, String key) {
        JsonObject byName = schema.get(key);
        if (byName != null) return byName;
        String wanted = fullyDecode(key);
        return schema.values().stream()
                .filter(p -> fullyDecode(p.get("id").getAsString()).equals(wanted))
                .findFirst().orElse(null);
    }

    /** Decodes percent-escapes until stable, so "%3A", ":" and "%253A" all name the same id. */
    static String fullyDecode(String s) {
        String current = s;
        for (int i = 0; i < 3; i++) {
            String next;
            try {
                next = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return current;
            }
            if (next.equals(current)) return current;
            current = next;
        }
        return current;
    }

    private JsonElement value(JsonObject prop, String type, JsonElement raw, String p,
                              List<Runnable> changes, Map<String, JsonObject> pendingOptions) {
        return switch (type) {
            case "title", "rich_text" -> RichText.normalise(raw, p);
            case "number" -> {
                if (!Json.isNull(raw) && !Json.isNumber(raw)) {
                    throw NotionException.validation(p + " should be a number or `null`, instead was `" + Json.show(raw) + "`.");
                }
                yield raw.deepCopy();
            }
            case "checkbox" -> {
                if (!Json.isBoolean(raw)) {
                    throw NotionException.validation(p + " should be a boolean, instead was `" + Json.show(raw) + "`.");
                }
                yield raw.deepCopy();
            }
            case "url" -> nullableString(raw, p, MAX_URL);
            case "email", "phone_number" -> nullableString(raw, p, MAX_EMAIL_OR_PHONE);
            case "select" -> Json.isNull(raw) ? JsonNull.INSTANCE : option(prop, type, raw, p, true, changes, pendingOptions);
            case "status" -> Json.isNull(raw) ? JsonNull.INSTANCE : option(prop, type, raw, p, false, changes, pendingOptions);
            case "multi_select" -> {
                JsonArray items = array(raw, p);
                JsonArray out = new JsonArray();
                Set<String> seen = new LinkedHashSet<>();
                for (int i = 0; i < items.size(); i++) {
                    JsonObject opt = option(prop, type, items.get(i), p + "[" + i + "]", true, changes, pendingOptions);
                    if (seen.add(opt.get("name").getAsString())) out.add(opt);
                }
                yield out;
            }
            case "date" -> date(raw, p);
            case "people" -> {
                JsonArray items = array(raw, p);
                LinkedHashSet<String> ids = new LinkedHashSet<>();
                for (int i = 0; i < items.size(); i++) ids.add(idOf(items.get(i), p + "[" + i + "]"));
                JsonArray out = new JsonArray();
                ids.forEach(id -> out.add(Json.object("object", "user", "id", id)));
                yield out;
            }
            case "files" -> files(raw, p);
            case "relation" -> relation(prop, raw, p);
            default -> throw NotionException.notModelled("writing properties of type " + type);
        };
    }

    private static JsonArray array(JsonElement raw, String p) {
        if (raw == null || !raw.isJsonArray()) {
            throw NotionException.validation(p + " should be an array, instead was `" + Json.show(raw) + "`.");
        }
        RichText.checkArrayLength(raw.getAsJsonArray(), p);
        return raw.getAsJsonArray();
    }

    private static JsonElement nullableString(JsonElement raw, String p, int max) {
        if (Json.isNull(raw)) return JsonNull.INSTANCE;
        if (!Json.isString(raw)) {
            throw NotionException.validation(p + " should be a string or `null`, instead was `" + Json.show(raw) + "`.");
        }
        RichText.checkLength(raw.getAsString(), max, p);
        return raw.deepCopy();
    }

    private static String idOf(JsonElement raw, String p) {
        if (raw == null || !raw.isJsonObject()) {
            throw NotionException.validation(p + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        return Ids.require(Json.string(raw.getAsJsonObject(), "id"), p + ".id");
    }

    /**
     * Resolves a select/multi_select/status option by id or name. Unknown select names become new
     * options (Notion does this); status options cannot be created through the API.
     */
    private JsonObject option(JsonObject prop, String type, JsonElement raw, String p, boolean mayCreate,
                              List<Runnable> changes, Map<String, JsonObject> pendingOptions) {
        if (raw == null || !raw.isJsonObject()) {
            throw NotionException.validation(p + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        JsonObject in = raw.getAsJsonObject();
        JsonArray options = prop.getAsJsonObject(type).getAsJsonArray("options");
        String id = Json.string(in, "id");
        String name = Json.string(in, "name");
        if (id != null) {
            for (JsonElement o : options) {
                if (o.getAsJsonObject().get("id").getAsString().equals(id)) return o.getAsJsonObject().deepCopy();
            }
            if (name == null) throw NotionException.validation(p + ".id does not match any option: `\"" + id + "\"`.");
        }
        if (name == null) {
            throw NotionException.validation(p + ".name should be a string, instead was `" + Json.show(in.get("name")) + "`.");
        }
        if (name.contains(",")) {
            throw NotionException.validation("Select option names cannot contain commas: `\"" + name + "\"` at " + p + ".name.");
        }
        RichText.checkLength(name, MAX_OPTION_NAME, p + ".name");
        for (JsonElement o : options) {
            if (o.getAsJsonObject().get("name").getAsString().equals(name)) return o.getAsJsonObject().deepCopy();
        }
        if (!mayCreate) {
            throw NotionException.validation("Invalid status option. Status option \"" + name + "\" does not exist.");
        }
        String key = prop.get("id").getAsString() + "\u0000" + name;
        JsonObject pending = pendingOptions.get(key);
        if (pending == null) {
            String color = Json.string(in, "color");
            pending = store.option(name, color != null ? color : Store.COLORS.get((options.size() + pendingOptions.size()) % Store.COLORS.size()));
            pendingOptions.put(key, pending);
            JsonObject created = pending;
            changes.add(() -> options.add(created));
        }
        return pending.deepCopy();
    }

    private static JsonElement date(JsonElement raw, String p) {
        if (Json.isNull(raw)) return JsonNull.INSTANCE;
        if (!raw.isJsonObject()) {
            throw NotionException.validation(p + " should be an object or `null`, instead was `" + Json.show(raw) + "`.");
        }
        JsonObject in = raw.getAsJsonObject();
        String start = Json.string(in, "start");
        if (start == null || !isIsoDate(start)) {
            throw NotionException.validation(p + ".start should be a valid ISO 8601 date string, instead was `" + Json.show(in.get("start")) + "`.");
        }
        JsonElement end = in.get("end");
        if (!Json.isNull(end) && !(Json.isString(end) && isIsoDate(end.getAsString()))) {
            throw NotionException.validation(p + ".end should be a valid ISO 8601 date string or `null`, instead was `" + Json.show(end) + "`.");
        }
        JsonElement tz = in.get("time_zone");
        if (!Json.isNull(tz) && !Json.isString(tz)) {
            throw NotionException.validation(p + ".time_zone should be a string or `null`, instead was `" + Json.show(tz) + "`.");
        }
        return Json.object("start", start, "end", Json.isNull(end) ? null : end.deepCopy(), "time_zone", Json.isNull(tz) ? null : tz.deepCopy());
    }

    static boolean isIsoDate(String s) {
        if (!s.matches("\\d{4}-.*")) return false; // Notion holds four-digit years only (no +10000-01-01)
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException ignored) {
            // fall through: date-only or local date-time are valid too
        }
        try {
            LocalDateTime.parse(s);
            return true;
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static JsonArray files(JsonElement raw, String p) {
        JsonArray items = array(raw, p);
        JsonArray out = new JsonArray();
        for (int i = 0; i < items.size(); i++) {
            String ip = p + "[" + i + "]";
            if (!items.get(i).isJsonObject()) throw NotionException.validation(ip + " should be an object.");
            JsonObject in = items.get(i).getAsJsonObject();
            String url = in.has("external") ? Json.string(in.getAsJsonObject("external"), "url") : null;
            if (url == null) throw NotionException.notModelled("file values other than {\"external\":{\"url\"}} (" + ip + ")");
            RichText.checkLength(url, MAX_URL, ip + ".external.url");
            String name = Json.string(in, "name");
            out.add(Json.object("name", name == null ? url : name, "type", "external", "external", Json.object("url", url)));
        }
        return out;
    }

    /** Relation targets must be pages of the related data source; duplicates collapse. */
    private JsonArray relation(JsonObject prop, JsonElement raw, String p) {
        JsonArray items = array(raw, p);
        String targetDs = prop.getAsJsonObject("relation").get("data_source_id").getAsString();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String id = idOf(items.get(i), p + "[" + i + "]");
            Store.Page target = store.pages.get(id);
            if (target == null) {
                // What Notion answers for a relation to a page it does not know (or that is not shared):
                // a 404 naming that page, though the data source the page is created in is fine.
                throw NotionException.notFound("page", id);
            }
            if (!targetDs.equals(target.dataSourceId)) {
                throw NotionException.validation("Relation to page " + id + " at " + p + "[" + i + "] is invalid: "
                        + "the page does not exist in the related data source " + targetDs + ".");
            }
            ids.add(id);
        }
        return Store.relationArray(ids);
    }
}
