package com.notionrelay.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The one check of {@code Authorization: Bearer $RELAY_ADMIN_TOKEN}. Both sides are hashed first so
 * the comparison takes the same time whatever the presented value's length and content.
 */
public final class AdminToken {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> tokenDigest;

    public AdminToken(Optional<String> token) {
        this.tokenDigest = token.filter(t -> !t.isEmpty()).map(AdminToken::sha256);
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
        return MessageDigest.isEqual(sha256(presented), tokenDigest.get());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
