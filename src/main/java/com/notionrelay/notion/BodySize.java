package com.notionrelay.notion;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How many UTF-8 bytes a request body is when sent ({@code body.toString()}, as the client sends
 * it). {@link #upperBound} walks the tree without serialising it, so a caller checking a limit
 * need serialise only a body whose bound passes it.
 */
public final class BodySize {

    /** Gson writes a char as at most a six-byte escape ({@code \u2028}); unescaped, UTF-8 takes at most 3 per char. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    private BodySize() {
    }

    public static int exact(JsonElement body) {
        return body.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Never less than {@link #exact}: every string counted at its worst escaping, every separator counted. */
    public static long upperBound(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return 4;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isString()) {
                return string(p.getAsString());
            }
            // numbers and booleans are written as their text, which is ASCII; quoted if lenient output ever quotes them
            return p.getAsString().length() + 2L;
        }
        long size = 2; // brackets or braces
        if (e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                size += upperBound(item) + 1; // the comma
            }
            return size;
        }
        for (Map.Entry<String, JsonElement> member : ((JsonObject) e).entrySet()) {
            size += string(member.getKey()) + 1 + upperBound(member.getValue()) + 1; // colon, comma
        }
        return size;
    }

    private static long string(String s) {
        return 2L + (long) MAX_BYTES_PER_CHAR * s.length();
    }
}
