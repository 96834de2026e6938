package com.notionrelay.store;

/**
 * One numbered schema change, kept as a SQL resource under {@code db/}. A migration only adds
 * tables, columns and indexes, so the previous release still runs against the new schema.
 */
public record Migration(int version, String name, String resource) {
}
