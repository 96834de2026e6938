package com.notionrelay.notion;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

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
        JsonObject date = new JsonObject();
        date.addProperty("start", notionDate(v).orElseThrow(() -> new PropertyValueException(
                "must be an ISO-8601 date or date-time, got '" + shorten(v) + "'")));
        return date;
    }

    /** An ISO-8601 date or date-time, with or without an offset, as Notion's date property takes. */
    public static boolean isIsoDate(String v) {
        return isPlainUtcDateTime(v) || parseDate(v).isPresent();
    }

    /** Notion holds four-digit years; a date outside them is refused at intake rather than by Notion later. */
    public static final int MIN_YEAR = 1;
    public static final int MAX_YEAR = 9999;
    /** More than three fractional digits: Notion keeps milliseconds at most. */
    private static final Pattern FINER_THAN_MILLIS = Pattern.compile(".*T[^.]*\\.\\d{4,}.*");
    private static final DateTimeFormatter MILLIS_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter MILLIS_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    /**
     * The value as Notion's date {@code start} takes it: as given when it already fits, else cut to
     * millisecond precision. Empty when it is not an ISO-8601 date or date-time.
     *
     * @throws PropertyValueException when the year is outside {@value #MIN_YEAR}–{@value #MAX_YEAR}
     */
    public static Optional<String> notionDate(String v) {
        if (isPlainUtcDateTime(v)) {
            return Optional.of(v);
        }
        Optional<TemporalAccessor> parsed = parseDate(v);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        TemporalAccessor t = parsed.get();
        int year = t.get(ChronoField.YEAR);
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new PropertyValueException("must be a date Notion can hold (years " + MIN_YEAR + " to " + MAX_YEAR
                    + "), got '" + shorten(v) + "'");
        }
        if (!FINER_THAN_MILLIS.matcher(v).matches()) {
            return Optional.of(v);
        }
        if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Optional.of(MILLIS_OFFSET.format(OffsetDateTime.from(t).truncatedTo(ChronoUnit.MILLIS)));
        }
        return Optional.of(MILLIS_LOCAL.format(LocalDateTime.from(t).truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * The shape every stored {@code occurred_at} has, {@code yyyy-MM-ddTHH:mm[:ss[.SSS]]Z} with a
     * year of at least 1 and a date and time that exist, checked by hand: java.time's parser took a
     * tenth of intake's CPU. Whatever this accepts the ISO parser accepts too, as given; anything
     * else is left to it.
     */
    static boolean isPlainUtcDateTime(String v) {
        int n = v.length();
        if (n < 17 || v.charAt(n - 1) != 'Z' || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T'
                || v.charAt(13) != ':') {
            return false;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 2);
        int day = digits(v, 8, 2);
        int hour = digits(v, 11, 2);
        int minute = digits(v, 14, 2);
        if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return false;
        }
        int end = n - 1; // the 'Z'
        if (end == 16) {
            return true;
        }
        if (v.charAt(16) != ':' || end < 19) {
            return false;
        }
        int second = digits(v, 17, 2);
        if (second < 0 || second > 59) {
            return false;
        }
        if (end == 19) {
            return true;
        }
        int fraction = end - 20;
        return v.charAt(19) == '.' && fraction >= 1 && fraction <= 3 && digits(v, 20, fraction) >= 0;
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}; -1 when any is not one. */
    private static int digits(String v, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Optional<TemporalAccessor> parseDate(String v) {
        for (DateTimeFormatter form : List.of(DateTimeFormatter.ISO_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE)) {
            try {
                return Optional.of(form.parse(v));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
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
