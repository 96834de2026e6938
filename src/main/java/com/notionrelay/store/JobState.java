package com.notionrelay.store;

import java.util.Locale;

/**
 * Where a job is. Every move out of {@link #IN_FLIGHT} is conditioned on the lease generation
 * that claimed it (see {@link JobStore}), so a late writer that lost the lease changes nothing.
 */
public enum JobState {
    /**
     * Waiting. Entered by {@code Inbox.acceptAll} (through {@link JobStore#insert}),
     * {@link JobStore#reschedule}, {@link JobStore#park}, {@link JobStore#recoverInFlight} and
     * {@link JobStore#replayDead}. Left by {@link JobStore#claimDue} (when due, not parked, and not
     * behind an older job of the same demo page) or {@link JobStore#ageOutParked}.
     */
    PENDING,
    /**
     * A worker is calling Notion for it. Entered only by {@link JobStore#claimDue}; left by
     * {@link JobStore#markDone}, {@link JobStore#reschedule}, {@link JobStore#park},
     * {@link JobStore#markDead}, or {@link JobStore#recoverInFlight} once its lease has expired.
     */
    IN_FLIGHT,
    /** In Notion. Entered by {@link JobStore#markDone}; final. */
    DONE,
    /**
     * A dead letter with its last error. Entered by {@link JobStore#markDead} or
     * {@link JobStore#ageOutParked}; left only by {@link JobStore#replayDead}.
     */
    DEAD;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
