package com.notionrelay.route;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.event.EventCodec;
import com.notionrelay.event.InteractionEvent;
import java.util.Map;

/**
 * What event templates read: the stored event's fields ({@code event_id}, {@code route},
 * {@code demo_id}, {@code action}, {@code session_id}, {@code guest.name}, {@code guest.email},
 * {@code occurred_at}, {@code properties.*}) and {@code event}, the whole stored event as JSON.
 */
public final class EventContext {

    /** The names an event template may start with. */
    public static final java.util.Set<String> ROOTS = java.util.Set.of("event_id", "route", "demo_id", "action",
            "session_id", "guest", "occurred_at", "properties", "event");

    private EventContext() {
    }

    public static JsonObject of(InteractionEvent e) {
        JsonObject stored = EventCodec.toJson(e);
        // The context shares the stored event's members rather than copying them: nothing writes
        // into a context, and a template's value is a copy of what it reads.
        JsonObject context = new JsonObject();
        for (Map.Entry<String, JsonElement> member : stored.entrySet()) {
            context.add(member.getKey(), member.getValue());
        }
        context.add("event", stored);
        return context;
    }
}
