package com.notionrelay.ingest;

import com.notionrelay.config.SecretDigest;
import java.util.Optional;

/**
 * Checks the {@code X-API-Key} header a Notion automation sends against {@code relay.webhook_secret}.
 * The comparison takes the same time whatever the key's length and content ({@link SecretDigest}).
 */
public final class AutomationKey {

    public static final String HEADER = "X-API-Key";

    private final Optional<SecretDigest> secretDigest;

    public AutomationKey(Optional<String> secret) {
        this.secretDigest = secret.map(SecretDigest::new);
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
        if (!secretDigest.get().matches(presented)) {
            throw new InvalidEventException(403, "invalid_api_key", null, "the " + HEADER + " header does not match");
        }
    }

}
