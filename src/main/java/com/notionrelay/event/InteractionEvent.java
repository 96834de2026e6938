package com.notionrelay.event;

import com.google.gson.JsonObject;
import com.notionrelay.notion.NotionId;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One accepted demo interaction, as stored in the inbox and read back by delivery.
 * Optional fields are null when the caller did not send them. {@code properties} is copied in
 * and out so the record stays immutable.
 */
public record InteractionEvent(
        String eventId,
        String route,
        NotionId demoId,
        String action,
        String sessionId,
        String guestName,
        String guestEmail,
        OffsetDateTime occurredAt,
        JsonObject properties) {

    public InteractionEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(demoId, "demoId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(occurredAt, "occurredAt");
        properties = properties == null ? new JsonObject() : properties.deepCopy();
    }

    @Override
    public JsonObject properties() {
        return properties.deepCopy();
    }
}
