package com.notionrelay.webhooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.ingest.JsonBody;
import com.notionrelay.ingest.InvalidEventException;
import com.notionrelay.notion.NotionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A verified Notion webhook delivery: what the relay keeps of it (the raw body whole). Only
 * {@code id} and {@code type} are required; anything else missing makes it a delivery with
 * nothing to do, stored and counted rather than refused (Notion pauses a subscription that
 * keeps failing).
 */
record Delivery(String id, String type, Optional<String> entityId, Optional<String> entityType,
                Optional<Instant> eventAt, String body) {

    WebhookWork work() {
        return WebhookWork.of(type);
    }

    Optional<String> workKey() {
        return work().key(entityId);
    }

    /** Parses a body whose signature has been checked; a 400 naming the field when it cannot be a delivery. */
    static Delivery parse(byte[] raw) {
        JsonObject o = JsonBody.parseObject(raw);
        String body = new String(raw, StandardCharsets.UTF_8);
        String id = requiredString(o, "id");
        String type = requiredString(o, "type");
        JsonObject entity = o.has("entity") && o.get("entity").isJsonObject() ? o.getAsJsonObject("entity") : new JsonObject();
        Optional<String> entityId = string(entity, "id").flatMap(NotionId::parse).map(NotionId::value);
        return new Delivery(id, type, entityId, string(entity, "type"), string(o, "timestamp").flatMap(Delivery::instant),
                body);
    }

    private static String requiredString(JsonObject o, String key) {
        return string(o, key).filter(s -> !s.isBlank()).orElseThrow(() -> new InvalidEventException(400,
                "invalid_delivery", key, "a Notion webhook delivery must carry a string '" + key + "'"));
    }

    private static Optional<String> string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? Optional.of(e.getAsString())
                : Optional.empty();
    }

    private static Optional<Instant> instant(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
