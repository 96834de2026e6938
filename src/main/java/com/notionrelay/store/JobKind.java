package com.notionrelay.store;

/** What a delivery job does in Notion; each effect of an event is its own job. */
public enum JobKind {
    /** Create the event's page in the Interactions data source. */
    INTERACTION_PAGE,
    /** Create a child page under the demo page. */
    CHILD_PAGE,
    /** Append a callout block to the demo page. */
    CALLOUT,
    /** Set the demo page's own properties. */
    DEMO_PROPERTIES;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobKind fromDb(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
