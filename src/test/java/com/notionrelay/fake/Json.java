package com.notionrelay.fake;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/** Gson helpers shared by the fake. */
final class Json {
    /** Notion prints explicit nulls ("next_cursor": null), so nulls must be serialised. */
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {}

    /**
     * Parses strictly: Gson's default parser is lenient (unquoted names, single quotes, trailing
     * garbage), which would let a client bug pass that Notion answers with 400 invalid_json.
     */
    static JsonElement parseStrict(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw NotionException.invalidJson();
            }
            return parsed;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw NotionException.invalidJson();
        }
    }

    static String write(JsonElement element) {
        return GSON.toJson(element);
    }

    /** Builds an object from alternating keys and values (String, Number, Boolean, JsonElement or null). */
    static JsonObject object(Object... keysAndValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            o.add((String) keysAndValues[i], toElement(keysAndValues[i + 1]));
        }
        return o;
    }

    static JsonElement toElement(Object value) {
        if (value == null) return JsonNull.INSTANCE;
        if (value instanceof JsonElement e) return e;
        if (value instanceof String s) return new JsonPrimitive(s);
        if (value instanceof Number n) return new JsonPrimitive(n);
        if (value instanceof Boolean b) return new JsonPrimitive(b);
        throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }

    static JsonArray array(Iterable<? extends JsonElement> items) {
        JsonArray a = new JsonArray();
        items.forEach(a::add);
        return a;
    }

    static boolean isNull(JsonElement e) {
        return e == null || e.isJsonNull();
    }

    static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    static boolean isBoolean(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean();
    }

    static boolean isNumber(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    /** Member as string, or null when missing, JSON null or not a string. */
    static String string(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return isString(e) ? e.getAsString() : null;
    }

    /** Renders a value the way Notion quotes it in validation messages. */
    static String show(JsonElement e) {
        return e == null ? "undefined" : write(e);
    }
}
