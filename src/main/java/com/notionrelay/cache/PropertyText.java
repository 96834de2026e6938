package com.notionrelay.cache;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A page property value (read shape, as the API returns it) rendered as the text a Notion formula
 * would produce from {@code current.prop(NAME)} inside a string. The README lists the rules.
 * {@code number} is set for numbers and checkboxes (1/0) so lookups can sort them as numbers.
 */
public record PropertyText(String type, String text, Double number) {

    public static PropertyText of(JsonObject value) {
        String type = value.has("type") ? value.get("type").getAsString() : "";
        JsonElement v = value.get(type);
        return switch (type) {
            case "number" -> isNull(v) ? new PropertyText(type, "", null) : new PropertyText(type, number(v), v.getAsDouble());
            case "checkbox" -> {
                boolean b = !isNull(v) && v.getAsBoolean();
                yield new PropertyText(type, Boolean.toString(b), b ? 1.0 : 0.0);
            }
            case "formula" -> isNull(v) ? new PropertyText(type, "", null) : formula(v.getAsJsonObject());
            default -> new PropertyText(type, text(type, v), null);
        };
    }

    private static PropertyText formula(JsonObject f) {
        String inner = f.has("type") ? f.get("type").getAsString() : "";
        JsonElement v = f.get(inner);
        return switch (inner) {
            case "number" -> isNull(v) ? new PropertyText("formula", "", null)
                    : new PropertyText("formula", number(v), v.getAsDouble());
            case "boolean" -> isNull(v) ? new PropertyText("formula", "", null)
                    : new PropertyText("formula", Boolean.toString(v.getAsBoolean()), v.getAsBoolean() ? 1.0 : 0.0);
            case "date" -> new PropertyText("formula", date(v), null);
            default -> new PropertyText("formula", isNull(v) ? "" : v.getAsString(), null);
        };
    }

    private static String text(String type, JsonElement v) {
        if (isNull(v)) {
            return "";
        }
        return switch (type) {
            case "title", "rich_text" -> PageObjects.plainText(v.getAsJsonArray());
            case "select", "status" -> name(v);
            case "multi_select" -> joined(v.getAsJsonArray(), PropertyText::name);
            case "date" -> date(v);
            case "url", "email", "phone_number", "created_time", "last_edited_time" -> v.getAsString();
            case "people", "created_by", "last_edited_by" -> v.isJsonArray()
                    ? joined(v.getAsJsonArray(), PropertyText::person) : person(v);
            case "relation" -> joined(v.getAsJsonArray(), r -> r.getAsJsonObject().get("id").getAsString());
            case "files" -> joined(v.getAsJsonArray(), f -> f.getAsJsonObject().has("name")
                    ? f.getAsJsonObject().get("name").getAsString() : "");
            case "unique_id" -> uniqueId(v.getAsJsonObject());
            case "rollup" -> rollup(v.getAsJsonObject());
            default -> v.isJsonPrimitive() ? v.getAsString() : "";
        };
    }

    /** Whole numbers without a decimal point (3, not 3.0); others in plain decimal notation. */
    private static String number(JsonElement v) {
        return new BigDecimal(v.getAsString()).stripTrailingZeros().toPlainString();
    }

    /** The start, and " → end" for a range: ISO text, independent of the viewer's locale. */
    private static String date(JsonElement v) {
        if (isNull(v)) {
            return "";
        }
        JsonObject d = v.getAsJsonObject();
        String start = isNull(d.get("start")) ? "" : d.get("start").getAsString();
        return isNull(d.get("end")) ? start : start + " → " + d.get("end").getAsString();
    }

    private static String name(JsonElement v) {
        JsonObject o = v.getAsJsonObject();
        return o.has("name") ? o.get("name").getAsString() : "";
    }

    private static String person(JsonElement v) {
        JsonObject o = v.getAsJsonObject();
        return o.has("name") && !isNull(o.get("name")) ? o.get("name").getAsString() : o.get("id").getAsString();
    }

    private static String uniqueId(JsonObject u) {
        String n = isNull(u.get("number")) ? "" : u.get("number").getAsString();
        return isNull(u.get("prefix")) ? n : u.get("prefix").getAsString() + "-" + n;
    }

    private static String rollup(JsonObject r) {
        String inner = r.has("type") ? r.get("type").getAsString() : "";
        JsonElement v = r.get(inner);
        if (isNull(v)) {
            return "";
        }
        return switch (inner) {
            case "number" -> number(v);
            case "date" -> date(v);
            case "array" -> joined(v.getAsJsonArray(), item -> of(item.getAsJsonObject()).text());
            default -> v.isJsonPrimitive() ? v.getAsString() : "";
        };
    }

    private interface Part {
        String of(JsonElement item);
    }

    private static String joined(JsonArray items, Part part) {
        List<String> parts = new ArrayList<>();
        items.forEach(i -> parts.add(part.of(i)));
        return String.join(", ", parts);
    }

    private static boolean isNull(JsonElement e) {
        return e == null || e.isJsonNull();
    }
}
