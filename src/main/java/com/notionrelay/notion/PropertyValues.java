package com.notionrelay.notion;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a plain value (text, number, boolean, list) as a Notion property value of a given type,
 * within Notion's limits, so a breach is found before anything is sent: long text is split into
 * rich-text items (and cut past 100 with a marker), an over-long URL or email, or a relation or
 * multi-select of more than 100 items, is refused with a {@link PropertyValueException}.
 */
public final class PropertyValues {

    public static final int MAX_URL = 2000;
    public static final int MAX_EMAIL = 200;
    public static final int MAX_PHONE = 200;
    public static final int MAX_SELECT = 100;
    public static final int MAX_LIST_ITEMS = 100;

    /** Types the relay can write. Formula, rollup, created/edited time and the like are read-only in Notion. */
    public static final Set<String> WRITABLE = Set.of("title", "rich_text", "number", "checkbox", "select", "status",
            "multi_select", "date", "url", "email", "phone_number", "relation", "people");

    private PropertyValues() {
    }

    /**
     * @param value a plain value; null or empty text means "no value" and gives empty (the property is left out)
     * @return the property value object, e.g. {@code {"checkbox": true}}
     */
    public static Optional<JsonObject> write(String type, JsonElement value) {
        if (value == null || value.isJsonNull() || (isText(value) && value.getAsString().isEmpty())) {
            return Optional.empty();
        }
        JsonElement written = switch (type) {
            case "title", "rich_text" -> RichText.of(text(value));
            case "number" -> number(value);
            case "checkbox" -> checkbox(value);
            case "select", "status" -> named(option(text(value)));
            case "multi_select" -> multiSelect(value);
            case "date" -> date(text(value));
            case "url" -> limited(text(value), MAX_URL, "a URL");
            case "email" -> email(text(value));
            case "phone_number" -> limited(text(value), MAX_PHONE, "a phone number");
            case "relation", "people" -> ids(value);
            default -> throw new PropertyValueException("property type '" + type + "' cannot be written");
        };
        JsonObject property = new JsonObject();
        property.add(type, written);
        return Optional.of(property);
    }

    private static boolean isText(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static String text(JsonElement e) {
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        return e.toString();
    }

    private static JsonElement number(JsonElement e) {
        try {
            return new JsonPrimitive(new BigDecimal(text(e).strip()));
        } catch (NumberFormatException | UnsupportedOperationException notANumber) {
            throw new PropertyValueException("must be a number, got '" + shorten(text(e)) + "'");
        }
    }

    private static JsonElement checkbox(JsonElement e) {
        String s = text(e).strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return new JsonPrimitive(Boolean.parseBoolean(s.toLowerCase()));
        }
        throw new PropertyValueException("must be true or false, got '" + shorten(s) + "'");
    }

    private static String option(String name) {
        if (name.contains(",")) {
            throw new PropertyValueException("must not contain a comma (Notion select options cannot), got '" + shorten(name) + "'");
        }
        if (name.length() > MAX_SELECT) {
            throw new PropertyValueException("must be at most " + MAX_SELECT + " characters (got " + name.length() + ")");
        }
        return name;
    }

    private static JsonObject named(String name) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        return o;
    }

    private static JsonElement multiSelect(JsonElement e) {
        JsonArray out = new JsonArray();
        for (String name : items(e)) {
            out.add(named(option(name)));
        }
        return out;
    }

    private static JsonElement ids(JsonElement e) {
        JsonArray out = new JsonArray();
        for (String raw : items(e)) {
            NotionId id = NotionId.parse(raw).orElseThrow(() -> new PropertyValueException(
                    "must hold Notion page ids (32 hexadecimal digits), got '" + shorten(raw) + "'"));
            JsonObject ref = new JsonObject();
            ref.addProperty("id", id.value());
            out.add(ref);
        }
        return out;
    }

    /** A list, or one value as a list of one; at most 100 items, as Notion allows. */
    private static List<String> items(JsonElement e) {
        List<String> out = new ArrayList<>();
        if (e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item != null && !item.isJsonNull()) {
                    out.add(text(item));
                }
            }
        } else {
            out.add(text(e));
        }
        if (out.size() > MAX_LIST_ITEMS) {
            throw new PropertyValueException("must hold at most " + MAX_LIST_ITEMS + " items (got " + out.size() + ")");
        }
        return out;
    }

    private static JsonElement date(String s) {
        String v = s.strip();
        if (!isIsoDate(v)) {
            throw new PropertyValueException("must be an ISO-8601 date or date-time, got '" + shorten(v) + "'");
        }
        JsonObject date = new JsonObject();
        date.addProperty("start", v);
        return date;
    }

    /** An ISO-8601 date or date-time, with or without an offset, as Notion's date property takes. */
    public static boolean isIsoDate(String v) {
        for (DateTimeFormatter form : List.of(DateTimeFormatter.ISO_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE)) {
            try {
                form.parse(v);
                return true;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return false;
    }

    private static JsonElement email(String s) {
        JsonElement v = limited(s, MAX_EMAIL, "an email address");
        if (!s.contains("@")) {
            throw new PropertyValueException("must be an email address, got '" + shorten(s) + "'");
        }
        return v;
    }

    private static JsonElement limited(String s, int max, String what) {
        if (s.length() > max) {
            throw new PropertyValueException("must be " + what + " of at most " + max + " characters (got " + s.length() + ")");
        }
        return new JsonPrimitive(s);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
