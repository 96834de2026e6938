package com.notionrelay.ingest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionId;
import com.notionrelay.notion.PropertyValues;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a native event body into an {@link InteractionEvent}, or an {@link InvalidEventException}
 * naming the first field that is wrong. Limits match what Notion will accept later, so a bad value
 * is refused now rather than dead-lettered after the caller has gone.
 */
public final class EventParser {

    public static final int MAX_ACTION = 100;
    public static final int MAX_TEXT = 200;
    public static final int MAX_EMAIL = 200;
    private static final Set<String> FIELDS = Set.of(
            "event_id", "demo_id", "action", "session_id", "guest", "occurred_at", "properties");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Clock clock;

    public EventParser(Clock clock) {
        this.clock = clock;
    }

    public InteractionEvent parse(JsonObject o, String route) {
        for (String key : o.keySet()) {
            if (!FIELDS.contains(key)) {
                throw InvalidEventException.field(key, "is not a known field; put custom data under \"properties\"");
            }
        }
        String eventId = optionalString(o, "event_id", MAX_TEXT);
        if (eventId == null) {
            eventId = UUID.randomUUID().toString();
        }
        String demoRaw = requiredString(o, "demo_id", 100);
        NotionId demoId = NotionId.parse(demoRaw).orElseThrow(() -> InvalidEventException.field("demo_id",
                "must be a Notion page id: 32 hexadecimal digits, dashed or not"));
        String action = requiredString(o, "action", MAX_ACTION);
        if (action.contains(",")) {
            // Notion select options cannot contain commas; refusing now beats a dead letter later.
            throw InvalidEventException.field("action", "must not contain a comma (Notion select options cannot)");
        }
        String session = optionalString(o, "session_id", MAX_TEXT);
        String guestName = null;
        String guestEmail = null;
        if (o.has("guest") && !o.get("guest").isJsonNull()) {
            if (!o.get("guest").isJsonObject()) {
                throw InvalidEventException.field("guest", "must be an object with optional name and email");
            }
            JsonObject guest = o.getAsJsonObject("guest");
            for (String key : guest.keySet()) {
                if (!key.equals("name") && !key.equals("email")) {
                    throw InvalidEventException.field("guest." + key, "is not a known field (name, email)");
                }
            }
            guestName = optionalString(guest, "name", MAX_TEXT, "guest.name");
            guestEmail = optionalString(guest, "email", MAX_EMAIL, "guest.email");
            if (guestEmail != null && !EMAIL.matcher(guestEmail).matches()) {
                throw InvalidEventException.field("guest.email", "must be an email address");
            }
        }
        OffsetDateTime occurredAt = occurredAt(o);
        JsonObject properties = new JsonObject();
        if (o.has("properties") && !o.get("properties").isJsonNull()) {
            if (!o.get("properties").isJsonObject()) {
                throw InvalidEventException.field("properties", "must be a JSON object");
            }
            properties = o.getAsJsonObject("properties");
        }
        return new InteractionEvent(eventId, route, demoId, action, session, guestName, guestEmail, occurredAt, properties);
    }

    /** Milliseconds at most, as Notion keeps them; a year Notion cannot hold is refused here, not dead-lettered later. */
    private OffsetDateTime occurredAt(JsonObject o) {
        String raw = optionalString(o, "occurred_at", 64);
        if (raw == null) {
            return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw InvalidEventException.field("occurred_at",
                    "must be an ISO-8601 date-time with a zone offset, e.g. 2026-11-22T10:15:00Z");
        }
        if (at.getYear() < PropertyValues.MIN_YEAR || at.getYear() > PropertyValues.MAX_YEAR) {
            throw InvalidEventException.field("occurred_at", "must be a date Notion can hold (years "
                    + PropertyValues.MIN_YEAR + " to " + PropertyValues.MAX_YEAR + "), got " + raw);
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String requiredString(JsonObject o, String key, int max) {
        String v = optionalString(o, key, max);
        if (v == null) {
            throw InvalidEventException.field(key, "is required");
        }
        return v;
    }

    private static String optionalString(JsonObject o, String key, int max) {
        return optionalString(o, key, max, key);
    }

    private static String optionalString(JsonObject o, String key, int max, String fieldName) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return null;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw InvalidEventException.field(fieldName, "must be a string");
        }
        String s = e.getAsString().strip();
        if (s.isEmpty()) {
            throw InvalidEventException.field(fieldName, "must not be empty");
        }
        if (s.length() > max) {
            throw InvalidEventException.field(fieldName, "must be at most " + max + " characters (got " + s.length() + ")");
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw InvalidEventException.field(fieldName, "must not contain control characters");
        }
        return s;
    }
}
