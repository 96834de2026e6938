package com.notionrelay.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a page object into a {@link CachedPage} with every relation complete: a page object lists
 * 25 related pages at most, so longer relations are read through
 * {@code GET /v1/pages/{id}/properties/{property_id}}, page by page.
 */
final class RelationReader {

    private final NotionApi notion;
    private final NotionCalls calls;
    private final AtomicInteger reads = new AtomicInteger();

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
            full.put(rel.getKey(), readAll(cached.id(), RelationMarks.decoded(rel.getValue())));
        }
        return cached.withRelations(full);
    }

    /** Every item of a relation, {@code propertyId} decoded (the client encodes path segments itself). */
    List<String> readAll(String pageId, String rawId) throws NotionException {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            reads.incrementAndGet();
            JsonObject answer = calls.call(() -> notion.retrievePageProperty(pageId, rawId, from));
            for (JsonElement item : answer.getAsJsonArray("results")) {
                ids.add(item.getAsJsonObject().getAsJsonObject("relation").get("id").getAsString());
            }
            cursor = hasMore(answer) ? answer.get("next_cursor").getAsString() : null;
        } while (cursor != null);
        return ids;
    }

    /** Page-property requests made so far (one per 100 items read). */
    int reads() {
        return reads.get();
    }

    static boolean hasMore(JsonObject list) {
        return list.has("has_more") && list.get("has_more").getAsBoolean()
                && list.has("next_cursor") && !list.get("next_cursor").isJsonNull();
    }
}
