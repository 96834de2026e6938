package com.notionrelay.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A configured secret (the admin token, the automation key), kept as its SHA-256 digest, and the
 * one way a presented value is checked against it: both sides are hashed first, so
 * {@link MessageDigest#isEqual} compares equal lengths and takes the same time whatever the
 * presented value's length and content.
 */
public final class SecretDigest {

    private final byte[] digest;

    public SecretDigest(String secret) {
        this.digest = sha256(secret);
    }

    public boolean matches(String presented) {
        return MessageDigest.isEqual(sha256(presented), digest);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
