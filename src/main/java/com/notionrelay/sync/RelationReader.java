package com.notionrelay.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a page object into a {@link CachedPage} with every relation complete: a page object lists
 * 25 related pages at most, so longer relations are read through
 * {@code GET /v1/pages/{id}/properties/{property_id}}, page by page.
 */
final class RelationReader {

    private final NotionApi notion;
    private final NotionCalls calls;

    RelationReader(NotionApi notion, NotionCalls calls) {
        this.notion = notion;
        this.calls = calls;
    }

    CachedPage complete(JsonObject page) throws NotionException {
        CachedPage cached = PageObjects.fromApi(page);
        Map<String, String> truncated = PageObjects.truncatedRelations(page);
        if (truncated.isEmpty()) {
            return cached;
        }
        Map<String, List<String>> full = new LinkedHashMap<>();
        for (Map.Entry<String, String> rel : truncated.entrySet()) {
            full.put(rel.getKey(), readAll(cached.id(), rel.getValue()));
        }
        return cached.withRelations(full);
    }

    private List<String> readAll(String pageId, String propertyId) throws NotionException {
        // Property ids arrive percent-encoded ("%3AUp%5D"); the client encodes path segments itself.
        String rawId = URLDecoder.decode(propertyId.replace("+", "%2B"), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            JsonObject answer = calls.call(() -> notion.retrievePageProperty(pageId, rawId, from));
            for (JsonElement item : answer.getAsJsonArray("results")) {
                ids.add(item.getAsJsonObject().getAsJsonObject("relation").get("id").getAsString());
            }
            cursor = hasMore(answer) ? answer.get("next_cursor").getAsString() : null;
        } while (cursor != null);
        return ids;
    }

    static boolean hasMore(JsonObject list) {
        return list.has("has_more") && list.get("has_more").getAsBoolean()
                && list.has("next_cursor") && !list.get("next_cursor").isJsonNull();
    }
}
