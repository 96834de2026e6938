package com.notionrelay.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.notionrelay.webhooks.WebhookSignature.Check;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The signature rules against vectors computed outside this code, with
 * {@code printf '%s' "$body" | openssl dgst -sha256 -hmac "$token"} (OpenSSL 3).
 */
class WebhookSignatureTest {

    static final String TOKEN = "secret_vector_token_f00d";
    static final String OTHER_TOKEN = "secret_other_token_beef";

    static final String BODY = "{\"id\":\"0b9f1d7c-1111-4a5e-9d1e-000000000001\",\"timestamp\":\"2026-11-22T10:15:00.000Z\","
            + "\"type\":\"page.properties_updated\",\"entity\":{\"id\":\"153104cd-477e-809d-8dc4-ff2d96ae3090\",\"type\":\"page\"},"
            + "\"data\":{\"updated_properties\":[\"title\"]}}";
    /** BODY with the type changed to page.deleted. */
    static final String TAMPERED = BODY.replace("page.properties_updated", "page.deleted");
    /** BODY as a pretty-printer would write it: a space after every colon and comma; the same JSON. */
    static final String SPACED = "{\"id\": \"0b9f1d7c-1111-4a5e-9d1e-000000000001\", \"timestamp\": \"2026-11-22T10:15:00.000Z\", "
            + "\"type\": \"page.properties_updated\", \"entity\": {\"id\": \"153104cd-477e-809d-8dc4-ff2d96ae3090\", \"type\": \"page\"}, "
            + "\"data\": {\"updated_properties\": [\"title\"]}}";

    static final String BODY_SIGNED = "sha256=0261e3265065e622c67180d07414fe59e93fdbc9dc1bcee9d270226eef6668cd";
    static final String BODY_SIGNED_WITH_OTHER = "sha256=b85830851af38df322be5c22e5165d8f3950a7ffed1a70a35228557b5da42010";
    static final String SPACED_SIGNED = "sha256=9b7a2624ecd3ebb2b12722b1c53fb74effe413818a8d71a16da6e5ad60a69595";
    static final String TAMPERED_SIGNED = "sha256=c76f33bfd82d2a3b176952e0d95077dfb9f6f8477eb56085c0a543c7302a27c1";

    @Test
    void aBodySignedWithTheTokenIsValid() {
        assertEquals(Check.VALID, check(BODY, BODY_SIGNED, TOKEN));
        assertEquals(Check.VALID, check(TAMPERED, TAMPERED_SIGNED, TOKEN));
        assertEquals(Check.VALID, check(SPACED, SPACED_SIGNED, TOKEN));
        assertEquals(Check.VALID, check(BODY, BODY_SIGNED.toUpperCase().replace("SHA256=", "sha256="), TOKEN), "hex in any case");
    }

    @Test
    void anUnsignedBodyIsMissingItsSignature() {
        assertEquals(Check.MISSING, check(BODY, null, TOKEN));
        assertEquals(Check.MISSING, check(BODY, " ", TOKEN));
    }

    @Test
    void aSignatureMadeWithAnotherKeyIsWrong() {
        assertEquals(Check.WRONG, check(BODY, BODY_SIGNED_WITH_OTHER, TOKEN));
        assertEquals(Check.VALID, check(BODY, BODY_SIGNED_WITH_OTHER, OTHER_TOKEN));
    }

    @Test
    void aTamperedBodyNoLongerMatches() {
        assertEquals(Check.WRONG, check(TAMPERED, BODY_SIGNED, TOKEN));
    }

    @Test
    void changedWhitespaceNoLongerMatchesBecauseTheRawBytesAreSigned() {
        assertEquals(Check.WRONG, check(SPACED, BODY_SIGNED, TOKEN));
        assertEquals(Check.WRONG, check(BODY, SPACED_SIGNED, TOKEN));
    }

    @Test
    void aSignatureNotShapedSha256HexIsMalformed() {
        String hex = BODY_SIGNED.substring("sha256=".length());
        assertEquals(Check.MALFORMED, check(BODY, hex, TOKEN), "no scheme");
        assertEquals(Check.MALFORMED, check(BODY, "sha1=" + hex, TOKEN), "another scheme");
        assertEquals(Check.MALFORMED, check(BODY, "sha256=" + hex.substring(2), TOKEN), "too short");
        assertEquals(Check.MALFORMED, check(BODY, "sha256=" + hex.replace('0', 'g'), TOKEN), "not hex");
    }

    private static Check check(String body, String header, String token) {
        return WebhookSignature.check(body.getBytes(StandardCharsets.UTF_8), header, token);
    }
}
