package com.notionrelay.fake;

/** Ids of a database container and its single data source (dashed UUIDs, always distinct). */
public record DatabaseIds(String databaseId, String dataSourceId) {}
