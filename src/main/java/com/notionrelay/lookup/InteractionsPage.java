package com.notionrelay.lookup;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.cache.RelationQueries;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One page of a demo's interactions, newest first, with the cursor of the next page. */
public record InteractionsPage(String demoId, List<RelationQueries.Listed> results,
                               Map<String, Map<String, String>> values, Optional<String> nextCursor,
                               Freshness freshness) {

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("demo_id", demoId);
        JsonArray items = new JsonArray();
        for (RelationQueries.Listed r : results) {
            JsonObject item = new JsonObject();
            item.addProperty("id", r.id());
            item.addProperty("title", r.title());
            item.addProperty("created_time", r.createdTime());
            item.addProperty("last_edited_time", r.lastEditedTime());
            JsonObject props = new JsonObject();
            values.getOrDefault(r.id(), Map.of()).forEach(props::addProperty);
            item.add("properties", props);
            items.add(item);
        }
        o.add("results", items);
        o.addProperty("has_more", nextCursor.isPresent());
        o.addProperty("next_cursor", nextCursor.orElse(null));
        o.add("freshness", freshness.toJson());
        return o;
    }
}
