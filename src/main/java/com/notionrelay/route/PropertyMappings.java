package com.notionrelay.route;

import com.google.gson.JsonObject;
import java.util.List;

/** The properties a route writes on one page, in the route file's order. */
public record PropertyMappings(List<PropertyMapping> mappings) {

    public PropertyMappings {
        mappings = List.copyOf(mappings);
    }

    /** The {@code properties} object of a page write; properties whose value is empty are left out. */
    public JsonObject render(JsonObject context) {
        JsonObject properties = new JsonObject();
        for (PropertyMapping m : mappings) {
            m.writeInto(properties, context);
        }
        return properties;
    }
}
