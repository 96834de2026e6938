package com.notionrelay.cache;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Notion page as the cache holds it. {@code relations} maps a relation property name to the
 * related page ids in Notion's order; it may hold more than the 25 a page object lists.
 */
public record CachedPage(
        String id,
        String dataSourceId,
        String title,
        JsonObject properties,
        String createdTime,
        String lastEditedTime,
        boolean inTrash,
        Map<String, List<String>> relations) {

    public CachedPage {
        properties = properties.deepCopy();
        relations = Map.copyOf(relations);
    }

    /** The same page with {@code more} relation lists added (or replacing lists of the same property). */
    public CachedPage withRelations(Map<String, List<String>> more) {
        Map<String, List<String>> all = new LinkedHashMap<>(relations);
        more.forEach((name, ids) -> all.put(name, List.copyOf(ids)));
        return new CachedPage(id, dataSourceId, title, properties, createdTime, lastEditedTime, inTrash, all);
    }

    @Override
    public JsonObject properties() {
        return properties.deepCopy();
    }
}
