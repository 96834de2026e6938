package com.notionrelay.metrics;

/** What intake reports: events stored as new, and requests refused with their error code. */
public interface IntakeMeter {

    /** {@code count} new events accepted (queued) on this route module; duplicates are not counted. */
    void accepted(String route, long count);

    /** One request refused on this route module with this error code. */
    void rejected(String route, String code);
}
