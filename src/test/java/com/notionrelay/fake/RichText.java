package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.regex.Pattern;

/** Validates rich text as written by clients and turns it into Notion's read shape. */
final class RichText {
    static final int MAX_CONTENT = 2000;
    static final int MAX_URL = 2000;
    static final int MAX_ARRAY = 100;
    private static final Pattern URL_WITH_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.+");

    private RichText() {}

    /** Write shape ({"text":{"content"}}, ...) to read shape (adds annotations, plain_text, href). */
    static JsonArray normalise(JsonElement raw, String path) {
        if (raw == null || !raw.isJsonArray()) {
            throw NotionException.validation(path + " should be an array, instead was `" + Json.show(raw) + "`.");
        }
        JsonArray items = raw.getAsJsonArray();
        checkArrayLength(items, path);
        JsonArray out = new JsonArray();
        for (int i = 0; i < items.size(); i++) {
            out.add(item(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    static void checkArrayLength(JsonArray array, String path) {
        if (array.size() > MAX_ARRAY) {
            throw NotionException.validation(path + ".length should be ≤ `" + MAX_ARRAY + "`, instead was `" + array.size() + "`.");
        }
    }

    static void checkLength(String value, int max, String path) {
        if (value.length() > max) {
            throw NotionException.validation(path + ".length should be ≤ `" + max + "`, instead was `" + value.length() + "`.");
        }
    }

    private static JsonObject item(JsonElement raw, String path) {
        if (raw == null || !raw.isJsonObject()) {
            throw NotionException.validation(path + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        JsonObject in = raw.getAsJsonObject();
        String type = Json.string(in, "type");
        if (type == null) {
            type = in.has("text") ? "text" : in.has("mention") ? "mention" : in.has("equation") ? "equation" : null;
        }
        if (type == null) {
            throw NotionException.validation(path + ".text should be defined, instead was `undefined`.");
        }
        JsonObject out = new JsonObject();
        out.addProperty("type", type);
        String plain;
        String href = null;
        switch (type) {
            case "text" -> {
                JsonElement textEl = in.get("text");
                if (textEl == null || !textEl.isJsonObject()) {
                    throw NotionException.validation(path + ".text should be an object, instead was `" + Json.show(textEl) + "`.");
                }
                JsonObject text = textEl.getAsJsonObject();
                JsonElement content = text.get("content");
                if (!Json.isString(content)) {
                    throw NotionException.validation(path + ".text.content should be a string, instead was `" + Json.show(content) + "`.");
                }
                plain = content.getAsString();
                checkLength(plain, MAX_CONTENT, path + ".text.content");
                JsonElement link = text.get("link");
                JsonElement linkOut = null;
                if (!Json.isNull(link)) {
                    String url = link.isJsonObject() ? Json.string(link.getAsJsonObject(), "url") : null;
                    if (url == null) {
                        throw NotionException.validation(path + ".text.link.url should be a string, instead was `undefined`.");
                    }
                    checkLength(url, MAX_URL, path + ".text.link.url");
                    if (!URL_WITH_SCHEME.matcher(url).matches()) {
                        throw NotionException.validation("Invalid URL for link.");
                    }
                    linkOut = Json.object("url", url);
                    href = url;
                }
                out.add("text", Json.object("content", plain, "link", linkOut));
            }
            case "equation" -> {
                String expression = Json.string(in.getAsJsonObject("equation"), "expression");
                if (expression == null) {
                    throw NotionException.validation(path + ".equation.expression should be a string, instead was `undefined`.");
                }
                checkLength(expression, 1000, path + ".equation.expression");
                plain = expression;
                out.add("equation", Json.object("expression", expression));
            }
            case "mention" -> {
                JsonElement mention = in.get("mention");
                if (mention == null || !mention.isJsonObject()) {
                    throw NotionException.validation(path + ".mention should be an object, instead was `" + Json.show(mention) + "`.");
                }
                out.add("mention", mention.deepCopy());
                plain = mentionText(mention.getAsJsonObject());
            }
            default -> throw NotionException.validation(path + ".type should be `\"text\"`, `\"mention\"` or `\"equation\"`, instead was `\"" + type + "\"`.");
        }
        out.add("annotations", annotations(in.get("annotations"), path + ".annotations"));
        out.addProperty("plain_text", plain);
        out.add("href", Json.toElement(href));
        return out;
    }

    private static String mentionText(JsonObject mention) {
        JsonObject date = mention.has("date") && mention.get("date").isJsonObject() ? mention.getAsJsonObject("date") : null;
        if (date != null) return String.valueOf(Json.string(date, "start"));
        if (mention.has("user")) return "@Anonymous";
        return "Untitled";
    }

    private static JsonObject annotations(JsonElement raw, String path) {
        JsonObject out = Json.object("bold", false, "italic", false, "strikethrough", false, "underline", false,
                "code", false, "color", "default");
        if (Json.isNull(raw)) return out;
        if (!raw.isJsonObject()) {
            throw NotionException.validation(path + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        for (var e : raw.getAsJsonObject().entrySet()) {
            if (!out.has(e.getKey())) {
                throw NotionException.validation(path + "." + e.getKey() + " should be not present, instead was `" + Json.show(e.getValue()) + "`.");
            }
            boolean isColor = e.getKey().equals("color");
            if (isColor ? !Json.isString(e.getValue()) : !Json.isBoolean(e.getValue())) {
                throw NotionException.validation(path + "." + e.getKey() + " should be a " + (isColor ? "string" : "boolean")
                        + ", instead was `" + Json.show(e.getValue()) + "`.");
            }
            out.add(e.getKey(), e.getValue().deepCopy());
        }
        return out;
    }
}
