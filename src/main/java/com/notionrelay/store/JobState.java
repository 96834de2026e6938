package com.notionrelay.store;

public enum JobState {
    PENDING, IN_FLIGHT, DONE, DEAD;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobState fromDb(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
