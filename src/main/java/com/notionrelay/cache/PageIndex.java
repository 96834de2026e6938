package com.notionrelay.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Page ids as small ints, so the relation graph holds int arrays instead of strings and maps.
 * Notion ids are UUIDs: one in its canonical form (lower-case, dashed) is kept as two longs in an
 * open-addressing table (about 24 bytes a page, against ~150 for a String in a HashMap); any
 * other spelling is kept as given, in a small map, so an id always reads back exactly as stored.
 * Not thread-safe: {@link RelationGraph} guards it.
 */
final class PageIndex {

    private static final int NONE = -1;

    private long[] hi = new long[1024];
    private long[] lo = new long[1024];
    /** open addressing: slot → index + 1 (0 empty); size a power of two, at most half full */
    private int[] slots = new int[2048];
    private int size;
    private final Map<String, Integer> odd = new HashMap<>();
    private final Map<Integer, String> oddById = new HashMap<>();

    int size() {
        return size;
    }

    /** The index of {@code id}, adding it when new. */
    int add(String id) {
        if (isCanonical(id)) {
            // parsed once: a million of these at load time
            return add(hexLong(id, 0), hexLong(id, 19));
        }
        Integer known = odd.get(id);
        if (known != null) {
            return known;
        }
        int i = size++;
        ensureCapacity(size);
        odd.put(id, i);
        oddById.put(i, id);
        return i;
    }

    /**
     * {@link #add(String)} for an id as SQLite's UTF-8 bytes: a canonical one is parsed from the
     * bytes, so the million ids of a load are never made into Strings.
     */
    int add(byte[] id) {
        return isCanonical(id) ? add(hexLong(id, 0), hexLong(id, 19)) : add(new String(id, StandardCharsets.UTF_8));
    }

    /** The index of the canonical id whose two halves are given ({@link #halves}), adding it when new. */
    int add(long h, long l) {
        int found = find(h, l);
        if (found != NONE) {
            return found;
        }
        int i = size++;
        ensureCapacity(size);
        hi[i] = h;
        lo[i] = l;
        insertSlot(i);
        return i;
    }

    /** The two halves of a canonical id, or null for any other spelling (kept as a string). */
    static long[] halves(String id) {
        return isCanonical(id) ? new long[] {hexLong(id, 0), hexLong(id, 19)} : null;
    }

    /** {@link #halves(String)} of an id as UTF-8 bytes. */
    static long[] halves(byte[] id) {
        return isCanonical(id) ? new long[] {hexLong(id, 0), hexLong(id, 19)} : null;
    }

    /** The index of {@code id}, or empty when the graph has never seen it. */
    Optional<Integer> indexOf(String id) {
        int i = find(id);
        return i == NONE ? Optional.empty() : Optional.of(i);
    }

    String id(int i) {
        String o = oddById.get(i);
        return o != null ? o : canonical(hi[i], lo[i]);
    }

    /** Code-point order of the ids as strings, as SQLite compares them; canonical pairs without building strings. */
    int compare(int a, int b) {
        if (oddById.isEmpty() || (!oddById.containsKey(a) && !oddById.containsKey(b))) {
            int byHi = Long.compareUnsigned(hi[a], hi[b]);
            return byHi != 0 ? byHi : Long.compareUnsigned(lo[a], lo[b]);
        }
        return id(a).compareTo(id(b));
    }

    /** Bytes held, for the benchmark's accounting. */
    long bytes() {
        return 16L * hi.length + 4L * slots.length + 64L * odd.size();
    }

    private int find(String id) {
        if (!isCanonical(id)) {
            Integer i = odd.get(id);
            return i == null ? NONE : i;
        }
        return find(hexLong(id, 0), hexLong(id, 19));
    }

    private int find(long h, long l) {
        int mask = slots.length - 1;
        for (int s = hash(h, l) & mask; ; s = (s + 1) & mask) {
            int v = slots[s];
            if (v == 0) {
                return NONE;
            }
            if (hi[v - 1] == h && lo[v - 1] == l) {
                return v - 1;
            }
        }
    }

    private void insertSlot(int i) {
        int mask = slots.length - 1;
        int s = hash(hi[i], lo[i]) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = i + 1;
    }

    private void ensureCapacity(int wanted) {
        if (wanted > hi.length) {
            int n = Math.max(wanted, hi.length * 2);
            hi = Arrays.copyOf(hi, n);
            lo = Arrays.copyOf(lo, n);
        }
        if (wanted * 2 > slots.length) {
            slots = new int[slots.length * 2];
            for (int i = 0; i < wanted - 1; i++) {
                if (!oddById.containsKey(i)) {
                    insertSlot(i);
                }
            }
        }
    }

    private static int hash(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 32));
    }

    /** xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, lower-case hex. */
    private static boolean isCanonical(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            char ch = id.charAt(k);
            boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
            if (dash ? ch != '-' : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Byte → its value as a lower-case hex digit, -1 for any other byte. */
    private static final byte[] HEX_VALUE = new byte[256];

    static {
        Arrays.fill(HEX_VALUE, (byte) -1);
        for (int d = 0; d < 16; d++) {
            HEX_VALUE["0123456789abcdef".charAt(d)] = (byte) d;
        }
    }

    /** {@link #isCanonical(String)} of UTF-8 bytes (a canonical id is ASCII: one byte a character). */
    static boolean isCanonical(byte[] id) {
        if (id.length != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
            if (dash ? id[k] != '-' : HEX_VALUE[id[k] & 0xFF] < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@link #hexLong(String, int)} of a canonical id's bytes. */
    private static long hexLong(byte[] id, int from) {
        long v = 0;
        int digits = 0;
        for (int k = from; digits < 16; k++) {
            if (id[k] != '-') {
                v = (v << 4) | HEX_VALUE[id[k] & 0xFF];
                digits++;
            }
        }
        return v;
    }

    /** 16 hex digits starting at {@code from}, skipping dashes. */
    private static long hexLong(String id, int from) {
        long v = 0;
        int digits = 0;
        for (int k = from; digits < 16; k++) {
            char ch = id.charAt(k);
            if (ch != '-') {
                v = (v << 4) | Character.digit(ch, 16);
                digits++;
            }
        }
        return v;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String canonical(long h, long l) {
        char[] out = new char[36];
        int k = 35;
        for (int d = 0; d < 16; d++, l >>>= 4) {
            if (k == 23) {
                out[k--] = '-';
            }
            out[k--] = HEX[(int) (l & 15)];
        }
        for (int d = 0; d < 16; d++, h >>>= 4) {
            if (k == 18 || k == 13 || k == 8) {
                out[k--] = '-';
            }
            out[k--] = HEX[(int) (h & 15)];
        }
        return new String(out);
    }

    /** Every index, for tests of the table itself. */
    List<String> all() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(id(i));
        }
        return out;
    }
}
