package com.notionrelay.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.cli.Main;
import com.notionrelay.support.TestRelay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /webhooks/notion over HTTP: the handshake, a second handshake, the operator's reset, and
 * signed deliveries (vectors from {@link WebhookSignatureTest}, computed with openssl). Runs
 * without a Notion token, so nothing is processed: what is stored is what intake accepted.
 */
class WebhookEndpointTest {

    @TempDir
    Path dir;

    private TestRelay relay;

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.close();
        }
    }

    private TestRelay start(Map<String, String> env) {
        relay = TestRelay.start(dir.resolve("relay.db"), env);
        return relay;
    }

    @Test
    void theFirstHandshakeIsStoredAndAnotherIsRefusedUntilAnOperatorResetsIt() {
        start(Map.of());
        assertEquals(401, post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED).status(),
                "no token yet: nothing can be verified");

        TestRelay.Answer first = relay.post("/webhooks/notion", "{\"verification_token\": \"" + WebhookSignatureTest.TOKEN + "\"}");
        assertEquals(200, first.status(), first.body());
        assertEquals("verification_token_stored", first.json().get("status").getAsString());
        assertFalse(first.body().contains(WebhookSignatureTest.TOKEN), "the answer never echoes the token");
        assertEquals(200, relay.post("/webhooks/notion", "{\"verification_token\": \"" + WebhookSignatureTest.TOKEN + "\"}").status(),
                "Notion resending the same token is fine");

        TestRelay.Answer second = relay.post("/webhooks/notion", "{\"verification_token\": \"secret_someone_else\"}");
        assertEquals(409, second.status(), second.body());
        assertEquals("verification_token_conflict", second.json().getAsJsonObject("error").get("code").getAsString());

        // The stored token verifies deliveries; the refused one does not.
        assertEquals(200, post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED).status());
        WebhookTokens.State state = relay.relay().webhooks().tokenState();
        assertEquals(WebhookTokens.Source.HANDSHAKE, state.source());
        assertEquals("f00d", state.lastFour().orElseThrow());

        // status says a token is set, where from, and how to reveal it; show reveals it whole.
        CliRun status = cli("status");
        assertEquals(0, status.code());
        assertTrue(status.out().contains("token stored from Notion's handshake"), status.out());
        assertTrue(status.out().contains("ends in f00d"), status.out());
        assertTrue(status.out().contains("webhook-token show"), status.out());
        assertFalse(status.out().contains(WebhookSignatureTest.TOKEN), "status never prints the whole token");
        CliRun show = cli("webhook-token", "show");
        assertEquals(0, show.code());
        assertEquals(WebhookSignatureTest.TOKEN, show.out().strip());

        CliRun reset = cli("webhook-token", "reset");
        assertEquals(0, reset.code(), reset.err());
        assertTrue(reset.out().contains("reset"), reset.out());
        TestRelay.Answer after = relay.post("/webhooks/notion", "{\"verification_token\": \"secret_someone_else\"}");
        assertEquals(200, after.status(), "after a reset the next handshake is stored: " + after.body());
        assertEquals("secret_someone_else", cli("webhook-token", "show").out().strip());
        assertEquals(401, post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED).status(),
                "the old token no longer verifies");
    }

    @Test
    void aTokenFromTheEnvironmentWinsAndAHandshakeWithAnotherIsRefused() {
        start(Map.of("NOTION_WEBHOOK_VERIFICATION_TOKEN", WebhookSignatureTest.TOKEN));
        assertEquals(409, relay.post("/webhooks/notion", "{\"verification_token\": \"secret_someone_else\"}").status());
        assertEquals(200, post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED).status());
        assertEquals(WebhookTokens.Source.ENVIRONMENT, relay.relay().webhooks().tokenState().source());
        JsonObject health = relay.get("/health").json().getAsJsonObject("webhooks");
        assertEquals("environment", health.getAsJsonObject("token").get("source").getAsString());
        assertFalse(relay.get("/health").body().contains("f00d"), "/health shows no part of the token");
    }

    @Test
    void onlyAnExactlySignedBodyIsStoredAndARepeatIsADuplicate() {
        start(Map.of("NOTION_WEBHOOK_VERIFICATION_TOKEN", WebhookSignatureTest.TOKEN));

        assertRefused(post(WebhookSignatureTest.BODY, null), "missing_signature");
        assertRefused(post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED_WITH_OTHER), "invalid_signature");
        assertRefused(post(WebhookSignatureTest.TAMPERED, WebhookSignatureTest.BODY_SIGNED), "invalid_signature");
        assertRefused(post(WebhookSignatureTest.SPACED, WebhookSignatureTest.BODY_SIGNED), "invalid_signature");
        assertRefused(post(WebhookSignatureTest.BODY, "sha256=nothex"), "malformed_signature");
        assertRefused(post("{\"verification_token\": \"x\", \"type\": \"page.deleted\"}", null), "missing_signature");
        assertEquals(0, stored(), "nothing stored for a refused delivery");

        TestRelay.Answer ok = post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("accepted", ok.json().get("status").getAsString());
        TestRelay.Answer again = post(WebhookSignatureTest.BODY, WebhookSignatureTest.BODY_SIGNED);
        assertEquals(200, again.status());
        assertEquals("duplicate", again.json().get("status").getAsString());
        // The same delivery pretty-printed is the same id: a duplicate too, once properly signed.
        assertEquals("duplicate", post(WebhookSignatureTest.SPACED, WebhookSignatureTest.SPACED_SIGNED).json()
                .get("status").getAsString());
        assertEquals(1, stored());

        JsonObject webhooks = relay.get("/health").json().getAsJsonObject("webhooks");
        assertEquals(1, webhooks.getAsJsonObject("deliveries").getAsJsonObject("page.properties_updated").get("pending").getAsInt());
        assertEquals(1, webhooks.getAsJsonObject("backlog").get("deliveries").getAsInt());
        assertEquals("page.properties_updated", webhooks.getAsJsonObject("last_delivery").get("type").getAsString());
    }

    @Test
    void aVerifiedBodyThatIsNotADeliveryIsRefusedNamingTheField() {
        start(Map.of("NOTION_WEBHOOK_VERIFICATION_TOKEN", WebhookSignatureTest.TOKEN));
        // printf '%s' '{"type":"page.created"}' | openssl dgst -sha256 -hmac secret_vector_token_f00d
        TestRelay.Answer answer = post("{\"type\":\"page.created\"}",
                "sha256=6bcd35eb2f6f1794b1f037e228a8e8ffb2b46cd654d9b1d56ab26169fb05da35");
        assertEquals(400, answer.status(), answer.body());
        assertEquals("id", answer.json().getAsJsonObject("error").get("field").getAsString());
        assertEquals(0, stored());
    }

    private void assertRefused(TestRelay.Answer answer, String code) {
        assertEquals(401, answer.status(), answer.body());
        assertEquals(code, answer.json().getAsJsonObject("error").get("code").getAsString());
    }

    private TestRelay.Answer post(String body, String signature) {
        Map<String, String> headers = new HashMap<>();
        if (signature != null) {
            headers.put("X-Notion-Signature", signature);
        }
        return relay.post("/webhooks/notion", body, headers);
    }

    private long stored() {
        return relay.relay().webhooks().report().counts().values().stream()
                .flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    record CliRun(int code, String out, String err) {
    }

    private CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("RELAY_DB", dir.resolve("relay.db").toString());
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
