package com.notionrelay.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Notion's {@code X-Notion-Signature: sha256=<hex>}: HMAC-SHA256 of the raw body bytes as
 * received, keyed with the verification token, compared in constant time. Runs before the body
 * is parsed. Notion's signature carries no timestamp, so there is no tolerance window to check
 * (and no clock here): a replayed delivery is caught by its id instead.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Notion-Signature";

    /** What a presented signature turned out to be. */
    public enum Check { VALID, MISSING, MALFORMED, WRONG }

    private static final String PREFIX = "sha256=";
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private WebhookSignature() {
    }

    public static Check check(byte[] rawBody, String header, String token) {
        if (header == null || header.isBlank()) {
            return Check.MISSING;
        }
        String value = header.strip();
        if (!value.startsWith(PREFIX) || !HEX_SHA256.matcher(value.substring(PREFIX.length())).matches()) {
            return Check.MALFORMED;
        }
        byte[] presented = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        return MessageDigest.isEqual(hmac(rawBody, token), presented) ? Check.VALID : Check.WRONG;
    }

    /** The HMAC Notion sends for this body, as bytes (hex-encoded after {@code sha256=} in the header). */
    static byte[] hmac(byte[] rawBody, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
