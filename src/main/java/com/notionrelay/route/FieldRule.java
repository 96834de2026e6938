package com.notionrelay.route;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.notion.NotionId;
import com.notionrelay.notion.PropertyValues;
import java.util.Set;

/**
 * An event field a route declares: its dotted path in the native event ({@code properties.plan}),
 * its type, whether it is required, and its limits (null when not set).
 */
public record FieldRule(String path, String type, boolean required, Integer maxLength, Integer maxItems,
                        Double min, Double max) {

    public static final Set<String> TYPES = Set.of("string", "number", "boolean", "date", "email", "url", "id",
            "list", "object");

    public void check(JsonObject event) {
        JsonElement value = event;
        for (String segment : path.split("\\.")) {
            value = value != null && value.isJsonObject() ? value.getAsJsonObject().get(segment) : null;
        }
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new InvalidValueException(path, "is required");
            }
            return;
        }
        switch (type) {
            case "number" -> number(value);
            case "boolean" -> expect(value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean(), "must be true or false");
            case "list" -> {
                expect(value.isJsonArray(), "must be a list");
                int limit = maxItems == null ? PropertyValues.MAX_LIST_ITEMS : maxItems;
                expect(value.getAsJsonArray().size() <= limit, "must hold at most " + limit + " items (got "
                        + value.getAsJsonArray().size() + ")");
            }
            case "object" -> expect(value.isJsonObject(), "must be an object");
            default -> text(value);
        }
    }

    private void number(JsonElement value) {
        expect(value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber(), "must be a number");
        double d = value.getAsDouble();
        expect(min == null || d >= min, "must be at least " + min);
        expect(max == null || d <= max, "must be at most " + max);
    }

    private void text(JsonElement value) {
        expect(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString(), "must be a string");
        String s = value.getAsString();
        int limit = switch (type) {
            case "url" -> Math.min(PropertyValues.MAX_URL, maxLength == null ? Integer.MAX_VALUE : maxLength);
            case "email" -> Math.min(PropertyValues.MAX_EMAIL, maxLength == null ? Integer.MAX_VALUE : maxLength);
            default -> maxLength == null ? Integer.MAX_VALUE : maxLength;
        };
        expect(s.length() <= limit, "must be at most " + limit + " characters (got " + s.length() + ")");
        switch (type) {
            case "email" -> expect(s.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), "must be an email address");
            case "url" -> expect(s.matches("(?i)https?://\\S+"), "must be an http(s) URL");
            case "id" -> expect(NotionId.parse(s).isPresent(), "must be a Notion id: 32 hexadecimal digits, dashed or not");
            case "date" -> expect(PropertyValues.isIsoDate(s), "must be an ISO-8601 date or date-time");
            default -> { }
        }
    }

    private void expect(boolean ok, String problem) {
        if (!ok) {
            throw new InvalidValueException(path, problem);
        }
    }
}
