package com.notionrelay.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bound intake checks Notion's size limit with is never below the size actually sent. */
class BodySizeTest {

    @Test
    void exactIsTheUtf8BytesOfTheSerialisedBody() {
        JsonObject o = new JsonObject();
        o.addProperty("a", "é");
        assertEquals("{\"a\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, BodySize.exact(o));
    }

    @Test
    void theBoundIsNeverBelowTheExactSizeForTheWorstEscapedText() {
        // control characters, quotes, backslashes, HTML-ish and line-separator characters all escape;
        // CJK takes 3 UTF-8 bytes, a surrogate pair 4
        for (String s : new String[] {"", "plain", "\u0000\u0001\u001f", "\"\\\\\"", "<>&='", "\u2028\u2029",
                "字字字", "😀😀", "\t\n\r\b\f"}) {
            JsonObject o = new JsonObject();
            o.addProperty(s, s);
            assertTrue(BodySize.upperBound(o) >= BodySize.exact(o), s);
        }
    }

    @Test
    void theBoundIsNeverBelowTheExactSizeForRandomTrees() {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            JsonElement e = tree(random, 0);
            assertTrue(BodySize.upperBound(e) >= BodySize.exact(e), e::toString);
        }
    }

    @Test
    void numbersBooleansAndNullsAreBoundedToo() {
        JsonArray a = new JsonArray();
        a.add(new BigDecimal("-1.5E+300"));
        a.add(JsonParser.parseString("123456789012345678901234567890"));
        a.add(true);
        a.add(JsonNull.INSTANCE);
        a.add(1e-7);
        assertTrue(BodySize.upperBound(a) >= BodySize.exact(a));
    }

    private static JsonElement tree(Random random, int depth) {
        int kind = depth > 3 ? random.nextInt(3) : random.nextInt(5);
        switch (kind) {
            case 0:
                return JsonParser.parseString(Long.toString(random.nextLong()));
            case 1:
                return JsonParser.parseString(random.nextBoolean() ? "true" : "null");
            case 2: {
                JsonObject holder = new JsonObject();
                holder.addProperty("s", text(random));
                return holder.get("s");
            }
            case 3: {
                JsonArray a = new JsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(tree(random, depth + 1));
                }
                return a;
            }
            default: {
                JsonObject o = new JsonObject();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.add(text(random), tree(random, depth + 1));
                }
                return o;
            }
        }
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            sb.appendCodePoint(switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x20);           // control characters
                case 1 -> "\"\\<>&='".charAt(random.nextInt(7));
                case 2 -> 0x2028 + random.nextInt(2);     // line and paragraph separators
                case 3 -> 0x4e00 + random.nextInt(100);   // CJK, 3 bytes
                default -> 0x1f600 + random.nextInt(50);  // outside the BMP, 4 bytes
            });
        }
        return sb.toString();
    }
}
