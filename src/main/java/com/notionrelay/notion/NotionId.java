package com.notionrelay.notion;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A Notion object id (page, database, data source), always held in the dashed lower-case form Notion answers with. */
public record NotionId(String value) {
    private static final Pattern UNDASHED = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern DASHED = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public NotionId {
        if (value == null || !DASHED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a dashed Notion id: " + value);
        }
    }

    /** Accepts the 32 hex digits dashed or not (as copied from a Notion URL), any case. */
    public static Optional<NotionId> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (DASHED.matcher(s).matches()) {
            return Optional.of(new NotionId(s));
        }
        if (UNDASHED.matcher(s).matches()) {
            return Optional.of(new NotionId(s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16)
                    + "-" + s.substring(16, 20) + "-" + s.substring(20)));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
