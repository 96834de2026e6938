package com.notionrelay.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts Notion-shaped integration webhook deliveries to a relay, signed as Notion signs them. The
 * signing here is only for driving flows; the signature rules themselves are checked against
 * vectors computed outside the code (WebhookSignatureTest).
 */
public final class WebhookSender {

    private final TestRelay relay;
    private final String token;

    public WebhookSender(TestRelay relay, String token) {
        this.relay = relay;
        this.token = token;
    }

    /** A delivery body as Notion sends it, with a fresh delivery id. */
    public static String body(String type, String entityId, Instant timestamp) {
        return body(UUID.randomUUID().toString(), type, entityId, timestamp);
    }

    public static String body(String deliveryId, String type, String entityId, Instant timestamp) {
        JsonObject o = new JsonObject();
        o.addProperty("id", deliveryId);
        o.addProperty("timestamp", timestamp.toString());
        o.addProperty("workspace_id", "13950b26-c203-4f3b-b97d-93ec06319565");
        o.addProperty("workspace_name", "Demo workspace");
        o.addProperty("subscription_id", "29d75c0d-5546-4414-8459-7b7a92f1fc4b");
        o.addProperty("integration_id", "0ef104cd-477e-80e1-8571-0037d7ccf5fb");
        o.addProperty("type", type);
        JsonArray authors = new JsonArray();
        JsonObject author = new JsonObject();
        author.addProperty("id", "c7c11cca-1d73-471d-9b6e-bdef51470190");
        author.addProperty("type", "person");
        authors.add(author);
        o.add("authors", authors);
        o.addProperty("attempt_number", 1);
        o.addProperty("api_version", "2026-03-11");
        JsonObject entity = new JsonObject();
        entity.addProperty("id", entityId);
        entity.addProperty("type", type.startsWith("data_source.") ? "data_source" : "page");
        o.add("entity", entity);
        o.add("data", new JsonObject());
        return o.toString();
    }

    public TestRelay.Answer send(String body) {
        return relay.post("/webhooks/notion", body, Map.of("X-Notion-Signature", "sha256=" + sign(body, token)));
    }

    public TestRelay.Answer send(String type, String entityId, Instant timestamp) {
        return send(body(type, entityId, timestamp));
    }

    static String sign(String body, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
