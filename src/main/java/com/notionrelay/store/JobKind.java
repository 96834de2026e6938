package com.notionrelay.store;

import com.notionrelay.event.InteractionEvent;
import java.util.Locale;

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

    /** The target key used in the {@code interactions} pause. */
    public static final String INTERACTIONS_TARGET = "interactions database";

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobKind fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * The Notion object this job writes to. An error a person must fix (sharing, token) pauses
     * only the jobs of that target: every Interactions page shares one, each demo page is its own.
     */
    public String targetOf(InteractionEvent event) {
        return this == INTERACTION_PAGE ? INTERACTIONS_TARGET : Targets.demoPage(event.demoId());
    }
}
