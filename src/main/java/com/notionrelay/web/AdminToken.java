package com.notionrelay.web;

import com.notionrelay.config.SecretDigest;
import java.util.Optional;

/**
 * The one check of {@code Authorization: Bearer $RELAY_ADMIN_TOKEN}, in the same time whatever the
 * presented value's length and content ({@link SecretDigest}).
 */
public final class AdminToken {

    private static final String BEARER = "Bearer ";

    private final Optional<SecretDigest> tokenDigest;

    public AdminToken(Optional<String> token) {
        this.tokenDigest = token.filter(t -> !t.isEmpty()).map(SecretDigest::new);
    }

    /** Whether an admin token is configured at all (admin endpoints are off without one). */
    public boolean enabled() {
        return tokenDigest.isPresent();
    }

    /** Whether this {@code Authorization} header value (may be null) carries the admin token. */
    public boolean grants(String authorizationHeader) {
        if (tokenDigest.isEmpty() || authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String presented = authorizationHeader.substring(BEARER.length()).trim();
        return tokenDigest.get().matches(presented);
    }
}
