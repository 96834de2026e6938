package com.notionrelay.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import org.junit.jupiter.api.Test;

class RichTextTest {

    private static String joined(JsonArray items) {
        StringBuilder sb = new StringBuilder();
        for (JsonElement e : items) {
            String c = e.getAsJsonObject().getAsJsonObject("text").get("content").getAsString();
            assertTrue(c.length() <= RichText.MAX_ITEM_CHARS);
            sb.append(c);
        }
        return sb.toString();
    }

    @Test
    void fiveThousandCharactersSplitIntoThreeItemsAndJoinBackIntact() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append((char) ('a' + i % 26));
        }
        JsonArray items = RichText.of(sb.toString());
        assertEquals(3, items.size());
        assertEquals(sb.toString(), joined(items));
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "x".repeat(1999) + "😀" + "y";
        JsonArray items = RichText.of(text);
        assertEquals(text, joined(items));
        assertEquals(1999, items.get(0).getAsJsonObject().getAsJsonObject("text").get("content").getAsString().length());
    }

    @Test
    void overOneHundredItemsIsCutWithAVisibleMarker() {
        JsonArray items = RichText.of("z".repeat(RichText.MAX_ITEM_CHARS * RichText.MAX_ITEMS + 10));
        assertEquals(RichText.MAX_ITEMS, items.size());
        assertTrue(joined(items).endsWith(RichText.TRUNCATED_MARKER));
    }

    @Test
    void emptyTextIsAnEmptyArray() {
        assertEquals(0, RichText.of("").size());
    }
}
