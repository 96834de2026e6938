package com.notionrelay.fake;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Notion's cursor pagination: page_size 1..100 (default 100), next_cursor while has_more. */
final class Paging {
    static final int MAX_PAGE_SIZE = 100;

    record Slice<T>(List<T> items, String nextCursor, boolean hasMore) {}

    private Paging() {}

    /** page_size from a JSON body (POST endpoints). */
    static int pageSize(JsonElement raw, String path) {
        if (Json.isNull(raw)) return MAX_PAGE_SIZE;
        if (!Json.isNumber(raw) || raw.getAsDouble() != Math.floor(raw.getAsDouble())) {
            throw NotionException.validation(path + " should be an integer, instead was `" + Json.show(raw) + "`.");
        }
        return checkRange((int) Math.min(Integer.MAX_VALUE, raw.getAsLong()), path);
    }

    /** page_size from a query string (GET endpoints). */
    static int pageSize(String raw, String path) {
        if (raw == null) return MAX_PAGE_SIZE;
        try {
            return checkRange(Integer.parseInt(raw), path);
        } catch (NumberFormatException e) {
            throw NotionException.validation(path + " should be an integer, instead was `\"" + raw + "\"`.");
        }
    }

    private static int checkRange(int size, String path) {
        if (size > MAX_PAGE_SIZE) {
            throw NotionException.validation(path + " should be ≤ `" + MAX_PAGE_SIZE + "`, instead was `" + size + "`.");
        }
        if (size < 1) {
            throw NotionException.validation(path + " should be ≥ `1`, instead was `" + size + "`.");
        }
        return size;
    }

    /**
     * Cursor = id of the first item of the next page, as Notion does for pages and blocks. This
     * survives items being added before the cursor while a client paginates.
     */
    static <T> Slice<T> byId(List<T> all, Function<T, String> idOf, String startCursor, int size, String cursorPath) {
        int from = 0;
        if (startCursor != null) {
            String id = Ids.normalizeOrNull(startCursor);
            from = -1;
            for (int i = 0; id != null && i < all.size(); i++) {
                if (idOf.apply(all.get(i)).equals(id)) {
                    from = i;
                    break;
                }
            }
            if (from < 0) throw invalidCursor(startCursor, cursorPath);
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? idOf.apply(all.get(to)) : null;
        return new Slice<>(List.copyOf(all.subList(from, to)), next, next != null);
    }

    /** Opaque offset cursors, for lists whose items have no ids (property items). */
    static <T> Slice<T> byOffset(List<T> all, String startCursor, int size, String cursorPath) {
        int from = 0;
        if (startCursor != null) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(startCursor), StandardCharsets.UTF_8);
                if (!decoded.startsWith("offset:")) throw invalidCursor(startCursor, cursorPath);
                from = Integer.parseInt(decoded.substring("offset:".length()));
            } catch (IllegalArgumentException e) {
                throw invalidCursor(startCursor, cursorPath);
            }
            if (from < 0 || from > all.size()) throw invalidCursor(startCursor, cursorPath);
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Slice<>(List.copyOf(all.subList(from, to)), next, next != null);
    }

    private static NotionException invalidCursor(String cursor, String path) {
        return NotionException.validation(path + " is invalid: `\"" + cursor + "\"`.");
    }
}
