package com.notionrelay.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.ingest.JsonBody;
import com.notionrelay.ingest.IntakeGate;
import com.notionrelay.ingest.InvalidEventException;
import com.notionrelay.metrics.WebhookDeliveryMeter;
import com.notionrelay.webhooks.WebhookInbox;
import com.notionrelay.webhooks.WebhookSignature;
import com.notionrelay.webhooks.WebhookTokens;
import java.time.Clock;
import java.util.Optional;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code POST /webhooks/notion}: Notion's handshake (unsigned, stored once), then signed deliveries,
 * verified over the raw bytes before anything is parsed, committed (deduplicated on their id) and
 * answered 200 at once. Notion is never called here, and nothing here answers 429: Notion pauses a
 * subscription whose deliveries fail.
 */
public final class WebhookRoutes implements RouteGroup {

    public static final String PATH = "/webhooks/notion";

    private final WebhookTokens tokens;
    private final WebhookInbox inbox;
    private final Runnable onAccepted;
    private final IntakeGate gate;
    private final WebhookDeliveryMeter meter;
    private final Clock clock;

    public WebhookRoutes(WebhookTokens tokens, WebhookInbox inbox, Runnable onAccepted, IntakeGate gate,
                         WebhookDeliveryMeter meter, Clock clock) {
        this.tokens = tokens;
        this.inbox = inbox;
        this.onAccepted = onAccepted;
        this.gate = gate;
        this.meter = meter;
        this.clock = clock;
    }

    @Override
    public void register(Service http) {
        http.post(PATH, this::counted);
    }

    /** Every answer counted once: refusals under the type {@code unverified} (their body is not read), by error code. */
    private String counted(Request req, Response res) {
        try {
            return accept(req, res);
        } catch (InvalidEventException refused) {
            meter.delivery("unverified", refused.code());
            throw refused;
        }
    }

    private String accept(Request req, Response res) {
        gate.check();
        byte[] raw = IntakeRoutes.readAtMost(req);
        String signature = req.headers(WebhookSignature.HEADER);
        if (signature == null) {
            Optional<String> handshake = handshakeToken(raw);
            if (handshake.isPresent()) {
                return handshake(handshake.get(), res);
            }
        }
        Optional<String> token = tokens.active();
        if (token.isEmpty()) {
            throw new InvalidEventException(401, "no_verification_token", null, "no verification token yet: Notion's "
                    + "handshake has not arrived and NOTION_WEBHOOK_VERIFICATION_TOKEN is not set");
        }
        switch (WebhookSignature.check(raw, signature, token.get())) {
            case MISSING -> throw unauthorized("missing_signature", "the " + WebhookSignature.HEADER + " header is missing");
            case MALFORMED -> throw unauthorized("malformed_signature",
                    "the " + WebhookSignature.HEADER + " header must be sha256=<64 hex digits>");
            case WRONG -> throw unauthorized("invalid_signature",
                    "the signature does not match the body and the verification token");
            case VALID -> { }
        }
        WebhookInbox.Accepted delivery = inbox.accept(raw, clock.instant());
        boolean fresh = delivery.fresh();
        meter.delivery(delivery.type(), fresh ? "accepted" : "duplicate");
        if (fresh) {
            onAccepted.run();
        }
        return answer(res, 200, fresh ? "accepted" : "duplicate", "id", delivery.id());
    }

    /**
     * The handshake is the one unsigned body: exactly {@code {"verification_token": "…"}}. Anything
     * else unsigned is refused as unsigned, without saying more about its shape.
     */
    private static Optional<String> handshakeToken(byte[] raw) {
        JsonObject o;
        try {
            o = JsonBody.parseObject(raw);
        } catch (InvalidEventException notJson) {
            return Optional.empty();
        }
        JsonElement t = o.get("verification_token");
        if (o.size() != 1 || t == null || !t.isJsonPrimitive() || !t.getAsJsonPrimitive().isString()
                || t.getAsString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(t.getAsString());
    }

    private String handshake(String token, Response res) {
        WebhookTokens.Handshake outcome = tokens.handshake(token);
        meter.delivery("handshake", outcome.name().toLowerCase(java.util.Locale.ROOT));
        return switch (outcome) {
            case STORED -> answer(res, 200, "verification_token_stored", "reveal", WebhookTokens.REVEAL_HINT);
            case ALREADY_STORED -> answer(res, 200, "verification_token_known", "reveal", WebhookTokens.REVEAL_HINT);
            case CONFLICT_STORED -> throw new InvalidEventException(409, "verification_token_conflict", null,
                    "another verification token is stored; an operator must reset it (`webhook-token reset`) first");
            case CONFLICT_ENVIRONMENT -> throw new InvalidEventException(409, "verification_token_conflict", null,
                    "NOTION_WEBHOOK_VERIFICATION_TOKEN is set to another token; an operator must change it first");
        };
    }

    private static InvalidEventException unauthorized(String code, String message) {
        return new InvalidEventException(401, code, null, message + "; nothing was stored");
    }

    private static String answer(Response res, int status, String outcome, String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty("status", outcome);
        o.addProperty(key, value);
        return JsonResponses.send(res, status, o.toString());
    }
}
