package com.notionrelay.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.notionrelay.metrics.IntakeMeter;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Counts intake: after every answer a route module's POST got ({@link IntakeHandler}), its status
 * and body (the contract's shapes) say how many events were new, or which error refused the
 * request. A stored request's count comes from the handler rather than from parsing its answer
 * again; refusals (rare) are read from their answer.
 */
public final class IntakeCounting {

    private final IntakeMeter meter;

    public IntakeCounting(IntakeMeter meter) {
        this.meter = meter;
    }

    /** @param queued how many events the answer's request queued, when it stored them (empty for a refusal) */
    void count(String route, int status, String body, OptionalLong queued) {
        if (status < 400 && queued.isPresent()) {
            if (status == 202) {
                meter.accepted(route, queued.getAsLong());
            }
            return;
        }
        JsonObject parsed = parse(body);
        if (status >= 400) {
            meter.rejected(route, errorCode(parsed).orElse("http_" + status));
        } else if (status == 202 && parsed != null) {
            // a batch answers {"queued": n, …}; one event {"status": "queued"}
            meter.accepted(route, parsed.has("queued") ? parsed.get("queued").getAsLong()
                    : "queued".equals(string(parsed, "status")) ? 1 : 0);
        }
    }

    private static Optional<String> errorCode(JsonObject body) {
        if (body == null || !body.has("error") || !body.get("error").isJsonObject()) {
            return Optional.empty();
        }
        return Optional.ofNullable(string(body.getAsJsonObject("error"), "code"));
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }
}
