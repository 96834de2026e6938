package com.notionrelay.ingest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body read as one JSON object: strict UTF-8 (a bad byte is refused, never replaced),
 * strict JSON, and errors that say what is wrong in the body and where, not the parser's advice
 * about its own settings.
 */
public final class JsonBody {

    /** Gson's "… at line 3 column 8 path $.a" (and its trailing troubleshooting link). */
    private static final Pattern WHERE = Pattern.compile("(?s)(.*?) at line (\\d+) column (\\d+) path (\\S*).*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.+\\-]+");

    private JsonBody() {
    }

    /** Decodes the raw bytes as UTF-8 and parses them: 400 {@code invalid_utf8} or {@code invalid_json} when they are not. */
    public static JsonObject parseObject(byte[] raw) {
        return parseObject(decode(raw));
    }

    public static JsonObject parseObject(String body) {
        if (body.isBlank()) {
            throw invalidJson("body is empty: send one JSON object");
        }
        JsonElement parsed;
        try {
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setStrictness(Strictness.STRICT);
            parsed = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw invalidJson("body is not valid JSON: more follows the first value (send one JSON object)");
            }
        } catch (JsonParseException | IOException e) {
            throw invalidJson("body is not valid JSON: " + describe(body, e));
        }
        if (!parsed.isJsonObject()) {
            throw invalidJson("body must be a JSON object, not " + kind(parsed));
        }
        return parsed.getAsJsonObject();
    }

    /** Strict UTF-8; a leading byte-order mark is dropped. */
    static String decode(byte[] raw) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new InvalidEventException(400, "invalid_utf8", null, String.format(
                    "body is not valid UTF-8: the byte 0x%02X at offset %d does not fit (send text encoded as UTF-8)",
                    raw[at] & 0xff, at));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** What is wrong and where, in the body's terms: "expected ':' after a field name at line 1, column 7 (at $.a)". */
    static String describe(String body, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        Matcher m = WHERE.matcher(message);
        if (!m.matches()) {
            return message.isEmpty() ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        }
        String reason = m.group(1);
        int line = Integer.parseInt(m.group(2));
        int column = Integer.parseInt(m.group(3));
        String path = m.group(4).equals("$.") || m.group(4).equals("$") ? "" : " (at " + m.group(4) + ")";
        String what = switch (reason) {
            case "End of input" -> "the body ends before the JSON is complete";
            case "Expected name" -> "expected a field name in double quotes (a comma before '}'?)";
            case "Expected ':'" -> "expected ':' after a field name";
            case "Expected value" -> "expected a value (a string, number, object, array, true, false or null)";
            case "Unterminated string" -> "a string is not closed with '\"'";
            case "Unterminated object" -> "expected ',' or '}' after a field's value";
            case "Unterminated array" -> "expected ',' or ']' after an item";
            case "Invalid escape sequence", "Unterminated escape sequence", "Malformed Unicode escape" ->
                    "a bad escape in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
            default -> null;
        };
        if (what != null) {
            // Gson counts the character it stopped on as read: point at it, except where the body just ended.
            boolean atEnd = reason.equals("End of input") || reason.equals("Unterminated string");
            return what + " at line " + line + ", column " + (atEnd ? column : Math.max(1, column - 1)) + path;
        }
        // Gson's other messages only advise lenient parsing; the culprit is the character just read
        // (or, for an unquoted word, the one Gson stopped at).
        return unexpected(body, line, column) + path;
    }

    private static String unexpected(String body, int line, int gsonColumn) {
        String[] lines = body.split("\n", -1);
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        int column = gsonColumn - 1;
        if (column < 1 || column > text.length() || " \t\r:,[{".indexOf(text.charAt(column - 1)) >= 0) {
            column = gsonColumn;
        }
        if (column < 1 || column > text.length()) {
            return "unexpected input at line " + line + ", column " + gsonColumn;
        }
        String rest = text.substring(column - 1);
        Matcher t = TOKEN.matcher(rest);
        String token = t.lookingAt() ? t.group() : rest.substring(0, rest.offsetByCodePoints(0, 1));
        if (token.length() > 20) {
            token = token.substring(0, 20) + "…";
        }
        String hint = switch (token.charAt(0)) {
            case '\'' -> " (strings and field names take double quotes)";
            case '/', '#' -> " (JSON has no comments)";
            default -> Character.isLetter(token.charAt(0))
                    ? " (text needs double quotes; the literals are true, false and null)"
                    : token.matches("0\\d.*") ? " (numbers have no leading zeros)" : "";
        };
        return "unexpected '" + token + "' at line " + line + ", column " + column + hint;
    }

    private static String kind(JsonElement e) {
        if (e.isJsonArray()) {
            return "an array (a batch is {\"events\": […]})";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return "a single value (" + e + ")";
    }

    private static InvalidEventException invalidJson(String message) {
        return new InvalidEventException(400, "invalid_json", null, message);
    }
}
