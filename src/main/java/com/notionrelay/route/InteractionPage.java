package com.notionrelay.route;

import com.google.gson.JsonObject;

/**
 * The page a route writes in the Interactions data source. {@code keyProperty} is the rich-text
 * property that holds the event id, by which a page an ambiguous attempt created is found again.
 */
public record InteractionPage(String keyProperty, PropertyMappings properties) {

    public JsonObject body(JsonObject context, String dataSourceId) {
        JsonObject parent = new JsonObject();
        parent.addProperty("type", "data_source_id");
        parent.addProperty("data_source_id", dataSourceId);
        JsonObject body = new JsonObject();
        body.add("parent", parent);
        body.add("properties", properties.render(context));
        return body;
    }

    /** The query that finds the page an earlier, ambiguous attempt may have created. */
    public JsonObject findByEventId(String eventId) {
        JsonObject equals = new JsonObject();
        equals.addProperty("equals", eventId);
        JsonObject filter = new JsonObject();
        filter.addProperty("property", keyProperty);
        filter.add("rich_text", equals);
        JsonObject query = new JsonObject();
        query.add("filter", filter);
        query.addProperty("page_size", 1);
        return query;
    }
}
