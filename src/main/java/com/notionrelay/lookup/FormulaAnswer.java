package com.notionrelay.lookup;

import com.google.gson.JsonObject;

/** The formula's text and how many related pages it joined. */
public record FormulaAnswer(FormulaQuery query, String value, int count, Freshness freshness) {

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("page", query.page());
        o.addProperty("relation", query.relation());
        o.addProperty("show", query.show());
        o.addProperty("join", query.join());
        o.addProperty("value", value);
        o.addProperty("count", count);
        o.add("freshness", freshness.toJson());
        return o;
    }
}
