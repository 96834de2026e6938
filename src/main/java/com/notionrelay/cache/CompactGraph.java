package com.notionrelay.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relation graph's data in primitive arrays indexed by {@link PageIndex}: per page its age,
 * whether the cache holds it and whether it is in the trash, its own relation lists packed in one
 * int array ({@code property, count, ids…} repeated), the pages pointing at it (the other side,
 * {@code property, page} pairs), and the property values lookups have asked for. At a million
 * pages that is about 100 bytes a page instead of about 1 KB in maps of strings.
 * Not thread-safe: {@link RelationGraph} guards it.
 */
final class CompactGraph {

    /** created_time unknown: SQLite sorts NULL first, and so does this. */
    static final long NO_TIME = Long.MIN_VALUE;
    private static final byte CACHED = 1;
    private static final byte TRASHED = 2;
    /** A loaded value that the page does not have; {@code null} in a column means "not loaded yet". */
    static final String MISSING = new String("");

    /** One property's values, loaded page by page as lookups need them. */
    static final class Column {
        String[] text;
        double[] number;
        /** whether any page's value was a number: a sort by a text-only column never reads {@link #number} */
        boolean anyNumber;

        Column(int capacity) {
            text = new String[capacity];
            number = new double[capacity];
        }

        /** A page's value as read from SQLite ({@link #MISSING} and NaN when the page has none). */
        void set(int id, String text, double number) {
            this.text[id] = text;
            this.number[id] = number;
            anyNumber |= !Double.isNaN(number);
        }
    }

    final PageIndex index = new PageIndex();
    private int capacity = 1024;
    private long[] created = new long[capacity];
    private byte[] flags = new byte[capacity];
    /** bumped at every reload of a page, so a value read from SQLite before the reload is never stored after it */
    private int[] version = new int[capacity];
    private int[][] own = new int[capacity][];
    private int[][] back = new int[capacity][];
    private final Map<String, Integer> propertyIds = new HashMap<>();
    private final List<String> propertyNames = new ArrayList<>();
    private final Map<Integer, Column> columns = new HashMap<>();

    int page(String id) {
        return fit(index.add(id));
    }

    /** {@link #page(String)} for an id as SQLite's UTF-8 bytes. */
    int page(byte[] id) {
        return fit(index.add(id));
    }

    /** {@link #page(String)} for a canonical id already split in halves. */
    int page(long hi, long lo) {
        return fit(index.add(hi, lo));
    }

    /** The property's number, adding it when new. */
    int property(String name) {
        Integer p = propertyIds.get(name);
        if (p != null) {
            return p;
        }
        propertyIds.put(name, propertyNames.size());
        propertyNames.add(name);
        return propertyNames.size() - 1;
    }

    /** The property's number, or -1 when no page has it. */
    int knownProperty(String name) {
        Integer p = propertyIds.get(name);
        return p == null ? -1 : p;
    }

    /** The page's row: cached, with its age and trash flag; relation lists are set apart. */
    void setRow(int i, long createdMillis, boolean trashed) {
        created[i] = createdMillis;
        flags[i] = (byte) (CACHED | (trashed ? TRASHED : 0));
    }

    /** The page is no longer in the cache (its row is gone): not live, no lists of its own. */
    void dropRow(int i) {
        flags[i] = 0;
        setOwn(i, null);
    }

    /** Replaces the page's own lists ({@code packed}: property, count, ids… repeated; null for none). */
    void setOwn(int i, int[] packed) {
        int[] old = own[i];
        if (old != null) {
            for (int k = 0; k < old.length; k += 2 + old[k + 1]) {
                for (int j = 0; j < old[k + 1]; j++) {
                    unlinkBack(old[k + 2 + j], old[k], i);
                }
            }
        }
        own[i] = packed;
        if (packed != null) {
            for (int k = 0; k < packed.length; k += 2 + packed[k + 1]) {
                for (int j = 0; j < packed[k + 1]; j++) {
                    linkBack(packed[k + 2 + j], packed[k], i);
                }
            }
        }
    }

    /** The page changed: its values are stale (reloaded on next use) and a value read before now is refused. */
    void changed(int i) {
        version[i]++;
        for (Column c : columns.values()) {
            c.text[i] = null;
        }
    }

    int version(int i) {
        return version[i];
    }

    boolean isLive(int i) {
        return flags[i] == CACHED;
    }

    long created(int i) {
        return created[i];
    }

    /**
     * The created times of {@code pages}, in their order: read in a loop that does nothing else, so
     * at a million pages, where each read misses the processor's cache, many are in flight at once.
     */
    long[] created(int[] pages) {
        long[] out = new long[pages.length];
        for (int k = 0; k < pages.length; k++) {
            out[k] = created[pages[k]];
        }
        return out;
    }

    /** The page's own list for a property, in Notion's order (empty when none). */
    int[] ownList(int i, int property) {
        int[] packed = own[i];
        if (packed != null) {
            for (int k = 0; k < packed.length; k += 2 + packed[k + 1]) {
                if (packed[k] == property) {
                    return Arrays.copyOfRange(packed, k + 2, k + 2 + packed[k + 1]);
                }
            }
        }
        return new int[0];
    }

    /** The pages whose list for {@code property} holds page {@code i}, in no particular order. */
    int[] pointingAt(int i, int property) {
        int[] b = back[i];
        if (b == null) {
            return new int[0];
        }
        int[] out = new int[b[0] / 2];
        int n = 0;
        for (int k = 1; k < b[0] + 1; k += 2) {
            if (b[k] == property) {
                out[n++] = b[k + 1];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Whether page {@code source}'s own list for {@code property} holds page {@code i}: read from
     * {@code i}'s back-links, which mirror every own list (an interaction has one or two).
     */
    boolean listedBy(int i, int property, int source) {
        int[] b = back[i];
        if (b == null) {
            return false;
        }
        for (int k = 1; k < b[0] + 1; k += 2) {
            if (b[k] == property && b[k + 1] == source) {
                return true;
            }
        }
        return false;
    }

    /** The property's loaded values, or null when no lookup has loaded any. */
    Column existingColumn(String property) {
        Integer p = propertyIds.get(property);
        return p == null ? null : columns.get(p);
    }

    /** The property's column, made when new (under the graph's write lock only). */
    Column column(String property) {
        return columns.computeIfAbsent(property(property), p -> new Column(capacity));
    }

    /** Heap held by the arrays (not the value strings), for the benchmark's accounting. */
    long bytes() {
        long b = index.bytes() + 8L * capacity + capacity + 4L * capacity + 8L * capacity;
        for (int i = 0; i < index.size(); i++) {
            b += own[i] == null ? 0 : 16 + 4L * own[i].length;
            b += back[i] == null ? 0 : 16 + 4L * back[i].length;
        }
        return b + columns.size() * 12L * capacity;
    }

    private void linkBack(int target, int property, int source) {
        int[] b = back[target];
        if (b == null) {
            b = new int[5];
        } else if (b[0] + 3 > b.length) {
            b = Arrays.copyOf(b, b.length * 2 + 1);
        }
        b[b[0] + 1] = property;
        b[b[0] + 2] = source;
        b[0] += 2;
        back[target] = b;
    }

    private void unlinkBack(int target, int property, int source) {
        int[] b = back[target];
        if (b == null) {
            return;
        }
        for (int k = 1; k < b[0] + 1; k += 2) {
            if (b[k] == property && b[k + 1] == source) {
                // swap in the last pair: order on this side is not kept (the other side sorts by age)
                b[k] = b[b[0] - 1];
                b[k + 1] = b[b[0]];
                b[0] -= 2;
                return;
            }
        }
    }

    /** Page {@code i}, with the arrays grown to hold it. */
    private int fit(int i) {
        if (i >= capacity) {
            grow(Math.max(i + 1, capacity * 2));
        }
        return i;
    }

    private void grow(int n) {
        created = Arrays.copyOf(created, n);
        flags = Arrays.copyOf(flags, n);
        version = Arrays.copyOf(version, n);
        own = Arrays.copyOf(own, n);
        back = Arrays.copyOf(back, n);
        for (Column c : columns.values()) {
            c.text = Arrays.copyOf(c.text, n);
            c.number = Arrays.copyOf(c.number, n);
        }
        capacity = n;
    }
}
