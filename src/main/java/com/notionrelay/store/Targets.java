package com.notionrelay.store;

import com.notionrelay.notion.NotionId;
import java.util.Optional;

/**
 * Names of the things delivery pauses for, as stored in {@code paused_targets} and on jobs: the
 * integration token, the Interactions data source every Interactions page is written to, a demo
 * page, or another page an event referred to.
 */
public final class Targets {

    public static final String INTERACTIONS = JobKind.INTERACTIONS_TARGET;
    /** The integration token (a 401): every job of every target waits on it. */
    public static final String TOKEN = "notion token";
    private static final String DEMO_PAGE = "demo page ";
    private static final String PAGE = "page ";

    private Targets() {
    }

    public static String demoPage(NotionId id) {
        return DEMO_PAGE + id;
    }

    public static String page(NotionId id) {
        return PAGE + id;
    }

    /** The page a target names, when it names one (a demo page or another page). */
    public static Optional<NotionId> pageOf(String target) {
        if (target.startsWith(DEMO_PAGE)) {
            return NotionId.parse(target.substring(DEMO_PAGE.length()));
        }
        if (target.startsWith(PAGE)) {
            return NotionId.parse(target.substring(PAGE.length()));
        }
        return Optional.empty();
    }
}
