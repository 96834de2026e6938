package com.notionrelay.route;

import com.google.gson.JsonObject;
import com.notionrelay.store.JobKind;
import java.util.Optional;

/** The demo page's own properties, set from the event ("property injections"). */
public record DemoPropertiesEffect(PropertyMappings properties) implements Effect {

    @Override
    public Optional<JobKind> job() {
        return Optional.of(JobKind.DEMO_PROPERTIES);
    }

    @Override
    public JsonObject check(JsonObject context) {
        return body(context);
    }

    /** The {@code PATCH /v1/pages/{demo}} body; properties left out keep their value in Notion. */
    public JsonObject body(JsonObject context) {
        JsonObject body = new JsonObject();
        body.add("properties", properties.render(context));
        return body;
    }
}
