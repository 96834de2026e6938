package com.notionrelay.event;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.notion.NotionId;
import java.time.OffsetDateTime;

/** The stored form of an event: the native body shape, normalised (dashed demo id, occurred_at filled in). */
public final class EventCodec {

    private EventCodec() {
    }

    public static JsonObject toJson(InteractionEvent e) {
        JsonObject o = new JsonObject();
        o.addProperty("event_id", e.eventId());
        o.addProperty("route", e.route());
        o.addProperty("demo_id", e.demoId().value());
        o.addProperty("action", e.action());
        if (e.sessionId() != null) {
            o.addProperty("session_id", e.sessionId());
        }
        if (e.guestName() != null || e.guestEmail() != null) {
            JsonObject guest = new JsonObject();
            if (e.guestName() != null) {
                guest.addProperty("name", e.guestName());
            }
            if (e.guestEmail() != null) {
                guest.addProperty("email", e.guestEmail());
            }
            o.add("guest", guest);
        }
        o.addProperty("occurred_at", e.occurredAt().toString());
        o.add("properties", e.properties());
        return o;
    }

    public static InteractionEvent fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        JsonObject guest = o.has("guest") ? o.getAsJsonObject("guest") : new JsonObject();
        return new InteractionEvent(
                o.get("event_id").getAsString(),
                o.get("route").getAsString(),
                new NotionId(o.get("demo_id").getAsString()),
                o.get("action").getAsString(),
                string(o, "session_id"),
                string(guest, "name"),
                string(guest, "email"),
                OffsetDateTime.parse(o.get("occurred_at").getAsString()),
                o.has("properties") ? o.getAsJsonObject("properties") : new JsonObject());
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }
}
