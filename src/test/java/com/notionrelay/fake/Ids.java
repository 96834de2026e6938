package com.notionrelay.fake;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Notion ids are UUIDs that clients may send with or without dashes; the API answers dashed. */
final class Ids {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private Ids() {}

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Dashed lower-case form, or null when {@code raw} is not a UUID in either spelling. */
    static String normalizeOrNull(String raw) {
        if (raw == null) return null;
        String hex = raw.replace("-", "").toLowerCase(Locale.ROOT);
        if (!HEX32.matcher(hex).matches()) return null;
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** Like {@link #normalizeOrNull} but answers Notion's 400 naming the offending field. */
    static String require(String raw, String where) {
        String id = normalizeOrNull(raw);
        if (id == null) {
            throw NotionException.validation(where + " should be a valid uuid, instead was `\"" + raw + "\"`.");
        }
        return id;
    }

    static String undashed(String id) {
        return id.replace("-", "");
    }
}
