package com.notionrelay.metrics;

import java.util.Arrays;

/**
 * Counts per wall-clock minute over the last hour, in a ring of 60 slots: what the admin page's
 * chart draws. Counts for a minute older than the hour are dropped.
 */
public final class MinuteCounts {

    public static final int MINUTES = 60;
    private static final long MINUTE_MILLIS = 60_000;

    private final long[] minuteOf = new long[MINUTES];
    private final long[] count = new long[MINUTES];

    public MinuteCounts() {
        Arrays.fill(minuteOf, -1);
    }

    public synchronized void add(long atMillis, long n) {
        long minute = Math.floorDiv(atMillis, MINUTE_MILLIS);
        int slot = (int) Math.floorMod(minute, MINUTES);
        if (minuteOf[slot] > minute) {
            return; // the slot already holds a newer minute: this one is more than an hour old
        }
        if (minuteOf[slot] < minute) {
            minuteOf[slot] = minute;
            count[slot] = 0;
        }
        count[slot] += n;
    }

    /** The 60 minutes ending with the one holding {@code nowMillis}, oldest first. */
    public synchronized long[] lastHour(long nowMillis) {
        long last = Math.floorDiv(nowMillis, MINUTE_MILLIS);
        long[] out = new long[MINUTES];
        for (int i = 0; i < MINUTES; i++) {
            long minute = last - (MINUTES - 1) + i;
            int slot = (int) Math.floorMod(minute, MINUTES);
            out[i] = minuteOf[slot] == minute ? count[slot] : 0;
        }
        return out;
    }

    /** Start of the first minute {@link #lastHour} returns. */
    public static long firstMinuteStart(long nowMillis) {
        return (Math.floorDiv(nowMillis, MINUTE_MILLIS) - (MINUTES - 1)) * MINUTE_MILLIS;
    }
}
