package com.notionrelay.cache;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/** A data source's property schema as Notion last showed it: property name → {id, name, type, <type>: config}. */
public record DataSourceSchema(String id, String title, JsonObject properties) {

    public DataSourceSchema {
        properties = properties.deepCopy();
    }

    @Override
    public JsonObject properties() {
        return properties.deepCopy();
    }

    public boolean has(String property) {
        return properties.has(property);
    }

    public Optional<String> typeOf(String property) {
        JsonElement p = properties.get(property);
        return p == null ? Optional.empty() : Optional.of(p.getAsJsonObject().get("type").getAsString());
    }

    /** The data source a relation property points at, when it is a relation. */
    public Optional<String> relationTarget(String property) {
        if (!typeOf(property).orElse("").equals("relation")) {
            return Optional.empty();
        }
        JsonObject r = properties.getAsJsonObject(property).getAsJsonObject("relation");
        return r.has("data_source_id") ? Optional.of(r.get("data_source_id").getAsString()) : Optional.empty();
    }

    /** The property on the other side of a two-way relation, when this one is two-way. */
    public Optional<String> syncedProperty(String property) {
        if (!typeOf(property).orElse("").equals("relation")) {
            return Optional.empty();
        }
        JsonObject r = properties.getAsJsonObject(property).getAsJsonObject("relation");
        JsonElement dual = r.get("dual_property");
        if (dual == null || !dual.isJsonObject() || !dual.getAsJsonObject().has("synced_property_name")) {
            return Optional.empty();
        }
        return Optional.of(dual.getAsJsonObject().get("synced_property_name").getAsString());
    }

    /** Reads GET /v1/data_sources/{id} as the API returns it. */
    public static DataSourceSchema fromApi(JsonObject dataSource) {
        String title = dataSource.has("title") && dataSource.get("title").isJsonArray()
                ? PageObjects.plainText(dataSource.getAsJsonArray("title")) : "";
        JsonObject props = dataSource.has("properties") ? dataSource.getAsJsonObject("properties") : new JsonObject();
        return new DataSourceSchema(dataSource.get("id").getAsString(), title, props);
    }
}
