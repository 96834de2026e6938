package com.notionrelay.notion;

import com.google.gson.JsonObject;

/** The Notion REST calls the relay makes. Every failure is a {@link NotionException} with its kind decided. */
public interface NotionApi {

    /** POST /v1/pages. Not idempotent: a failure after sending is {@link ErrorKind#AMBIGUOUS}. */
    JsonObject createPage(JsonObject body) throws NotionException;

    /** PATCH /v1/pages/{id}: setting the same properties twice is harmless. */
    JsonObject updatePage(String pageId, JsonObject body) throws NotionException;

    JsonObject retrievePage(String pageId) throws NotionException;

    JsonObject retrieveDatabase(String databaseId) throws NotionException;

    JsonObject retrieveDataSource(String dataSourceId) throws NotionException;

    /**
     * POST /v1/databases: a database and its first data source (2025-09-03 and later:
     * {@code {"parent": {"type": "page_id", …}, "title": […], "initial_data_source": {"properties": {…}}}}).
     * Not idempotent: a failure after sending is {@link ErrorKind#AMBIGUOUS}.
     */
    JsonObject createDatabase(JsonObject body) throws NotionException;

    /** PATCH /v1/data_sources/{id}: adds or changes schema properties; sending the same change twice is harmless. */
    JsonObject updateDataSource(String dataSourceId, JsonObject body) throws NotionException;

    /** POST /v1/data_sources/{id}/query: a read despite the verb. */
    JsonObject queryDataSource(String dataSourceId, JsonObject body) throws NotionException;

    /** PATCH /v1/blocks/{id}/children. Not idempotent: appending twice makes two blocks. */
    JsonObject appendBlockChildren(String blockId, JsonObject body) throws NotionException;

    /** GET /v1/blocks/{id}/children; {@code startCursor} may be null. */
    JsonObject listBlockChildren(String blockId, String startCursor, int pageSize) throws NotionException;

    /** GET /v1/pages/{id}/properties/{property_id}; {@code startCursor} may be null. */
    JsonObject retrievePageProperty(String pageId, String propertyId, String startCursor) throws NotionException;
}
