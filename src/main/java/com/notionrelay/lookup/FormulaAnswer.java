package com.notionrelay.lookup;

import com.google.gson.JsonObject;

/** The formula's text, how many related pages it joined, and how many related ids the cache lacks. */
public record FormulaAnswer(FormulaQuery query, String value, int count, int uncached, Freshness freshness) {

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("page", query.page());
        o.addProperty("relation", query.relation());
        o.addProperty("show", query.show());
        o.addProperty("join", query.join());
        o.addProperty("value", value);
        o.addProperty("count", count);
        o.addProperty("uncached", uncached);
        o.add("freshness", freshness.toJson());
        return o;
    }
}
