package com.notionrelay.store;

/**
 * Priority lanes on the one rate budget. A person looking at the demo waits for its visible
 * effects; nobody waits for the Interactions log page. Each lane has its own claimable index.
 */
public enum Lane {
    /** Callouts, welcomes, child pages, property updates: anything written to a demo page. */
    VISIBLE("j.kind <> '" + JobKind.INTERACTION_PAGE.dbName() + "'", "jobs_claimable_visible"),
    /** Interactions log pages. */
    LOG("j.kind = '" + JobKind.INTERACTION_PAGE.dbName() + "'", "jobs_claimable_log");

    /** The lane's condition on {@code jobs j}, word for word its partial index's. */
    final String condition;
    /** The partial index of the lane's claimable jobs. */
    final String index;

    Lane(String condition, String index) {
        this.condition = condition;
        this.index = index;
    }
}
