package com.notionrelay.route;

import com.google.gson.JsonObject;
import com.notionrelay.notion.PropertyValueException;
import com.notionrelay.notion.PropertyValues;

/** One Notion property a route writes: its name, its Notion type and the template of its value. */
public record PropertyMapping(String name, String type, Template value) {

    /** Adds this property to {@code properties} unless its value is empty. */
    void writeInto(JsonObject properties, JsonObject context) {
        try {
            PropertyValues.write(type, value.read(context)).ifPresent(v -> properties.add(name, v));
        } catch (PropertyValueException e) {
            // Name the event field when the value is one, so the caller knows what to fix.
            String field = value.soleField().orElse("property '" + name + "'");
            throw new InvalidValueException(field, e.getMessage() + " (it fills the Notion " + type + " property '" + name + "')");
        }
    }
}
