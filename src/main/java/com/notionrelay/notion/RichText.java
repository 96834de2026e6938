package com.notionrelay.notion;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Builds rich-text arrays within Notion's limits: at most 2000 characters per item and 100 items
 * per array. Longer text is cut at 100 items and ends with a visible marker; the full text stays
 * in SQLite.
 */
public final class RichText {

    public static final int MAX_ITEM_CHARS = 2000;
    public static final int MAX_ITEMS = 100;
    public static final String TRUNCATED_MARKER = "… [truncated by Notion Relay; full text kept in the relay]";

    private RichText() {
    }

    public static JsonArray of(String text) {
        JsonArray items = new JsonArray();
        int i = 0;
        while (i < text.length() && items.size() < MAX_ITEMS) {
            int end = Math.min(text.length(), i + MAX_ITEM_CHARS);
            // never split a surrogate pair across two items
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            items.add(item(text.substring(i, end)));
            i = end;
        }
        if (i < text.length()) {
            String last = items.get(MAX_ITEMS - 1).getAsJsonObject().getAsJsonObject("text").get("content").getAsString();
            int keep = MAX_ITEM_CHARS - TRUNCATED_MARKER.length();
            if (Character.isHighSurrogate(last.charAt(keep - 1))) {
                keep--;
            }
            items.set(MAX_ITEMS - 1, item(last.substring(0, keep) + TRUNCATED_MARKER));
        }
        return items;
    }

    private static JsonObject item(String content) {
        JsonObject text = new JsonObject();
        text.addProperty("content", content);
        JsonObject item = new JsonObject();
        item.addProperty("type", "text");
        item.add("text", text);
        return item;
    }
}
