package com.notionrelay.notion;

import java.util.Locale;
import java.util.Optional;

/** A Notion object id (page, database, data source), always held in the dashed lower-case form Notion answers with. */
public record NotionId(String value) {
    public NotionId {
        if (value == null || !isDashed(value)) {
            throw new IllegalArgumentException("not a dashed Notion id: " + value);
        }
    }

    /** Accepts the 32 hex digits dashed or not (as copied from a Notion URL), any case. */
    public static Optional<NotionId> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (isDashed(s)) {
            return Optional.of(new NotionId(s));
        }
        if (isUndashed(s)) {
            return Optional.of(new NotionId(s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16)
                    + "-" + s.substring(16, 20) + "-" + s.substring(20)));
        }
        return Optional.empty();
    }

    // Checked by hand, not with java.util.regex: ids are checked several times per accepted event,
    // and regex character classes were a quarter of intake's CPU in the intake benchmark's profile.

    /** 8-4-4-4-12 lower-case hex digits. */
    private static boolean isDashed(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isLowerHex(c)) {
                return false;
            }
        }
        return true;
    }

    /** 32 lower-case hex digits. */
    private static boolean isUndashed(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (!isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    @Override
    public String toString() {
        return value;
    }
}
