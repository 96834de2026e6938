package com.notionrelay.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks the {@code X-API-Key} header a Notion automation sends against {@code relay.webhook_secret}.
 * Both sides are hashed first so the comparison takes the same time whatever the key's length and
 * content ({@link MessageDigest#isEqual} is constant-time for equal lengths).
 */
public final class AutomationKey {

    public static final String HEADER = "X-API-Key";

    private final Optional<byte[]> secretDigest;

    public AutomationKey(Optional<String> secret) {
        this.secretDigest = secret.map(AutomationKey::sha256);
    }

    /** @throws InvalidEventException 403 when no secret is set or the key is wrong, 401 when it is missing */
    public void check(String presented) {
        if (secretDigest.isEmpty()) {
            throw new InvalidEventException(403, "automation_disabled", null,
                    "automation bodies are refused: RELAY_WEBHOOK_SECRET is not set on the relay");
        }
        if (presented == null || presented.isEmpty()) {
            throw new InvalidEventException(401, "missing_api_key", null,
                    "an automation body must carry the " + HEADER + " header with the relay's webhook secret");
        }
        if (!MessageDigest.isEqual(sha256(presented), secretDigest.get())) {
            throw new InvalidEventException(403, "invalid_api_key", null, "the " + HEADER + " header does not match");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
