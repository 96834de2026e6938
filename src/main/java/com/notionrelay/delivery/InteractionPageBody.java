package com.notionrelay.delivery;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.event.EventCodec;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.RichText;

/** The {@code POST /v1/pages} body for an event's page in the Interactions data source. */
public final class InteractionPageBody {

    public static final String EVENT_ID_PROPERTY = "Event ID";

    private InteractionPageBody() {
    }

    public static JsonObject build(InteractionEvent e, String dataSourceId) {
        JsonObject parent = new JsonObject();
        parent.addProperty("type", "data_source_id");
        parent.addProperty("data_source_id", dataSourceId);

        JsonObject props = new JsonObject();
        props.add("Name", typed("title", RichText.of(e.action())));
        props.add(EVENT_ID_PROPERTY, typed("rich_text", RichText.of(e.eventId())));
        props.add("Action", select(e.action()));
        props.add("Route", select(e.route()));
        JsonArray relation = new JsonArray();
        JsonObject demo = new JsonObject();
        demo.addProperty("id", e.demoId().value());
        relation.add(demo);
        props.add("Demo", typed("relation", relation));
        if (e.sessionId() != null) {
            props.add("Session", typed("rich_text", RichText.of(e.sessionId())));
        }
        if (e.guestName() != null) {
            props.add("Guest", typed("rich_text", RichText.of(e.guestName())));
        }
        if (e.guestEmail() != null) {
            JsonObject email = new JsonObject();
            email.addProperty("email", e.guestEmail());
            props.add("Guest email", email);
        }
        JsonObject date = new JsonObject();
        date.addProperty("start", e.occurredAt().toString());
        props.add("Occurred at", typed("date", date));
        props.add("Payload", typed("rich_text", RichText.of(EventCodec.toJson(e).toString())));

        JsonObject body = new JsonObject();
        body.add("parent", parent);
        body.add("properties", props);
        return body;
    }

    /** The query that finds the page an earlier, ambiguous attempt may have created. */
    public static JsonObject findByEventId(String eventId) {
        JsonObject equals = new JsonObject();
        equals.addProperty("equals", eventId);
        JsonObject filter = new JsonObject();
        filter.addProperty("property", EVENT_ID_PROPERTY);
        filter.add("rich_text", equals);
        JsonObject query = new JsonObject();
        query.add("filter", filter);
        query.addProperty("page_size", 1);
        return query;
    }

    private static JsonObject typed(String type, com.google.gson.JsonElement value) {
        JsonObject o = new JsonObject();
        o.add(type, value);
        return o;
    }

    private static JsonObject select(String name) {
        JsonObject s = new JsonObject();
        s.addProperty("name", name);
        return typed("select", s);
    }
}
