package com.notionrelay.sync;

import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.DataSourceSchema;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;

/**
 * Sync's way of reading one page or one schema, for callers outside a sync run (webhook
 * refreshes): the same retried calls, and a page's relations read in full past 25 items. It
 * holds no lease: reading is harmless to repeat, and the caller stores what it read through the
 * one cache upsert path.
 */
public final class PageReader {

    private final NotionApi notion;
    private final NotionCalls calls;
    private final RelationReader relations;

    public PageReader(NotionApi notion, SyncPolicy policy) {
        this.notion = notion;
        this.calls = new NotionCalls(policy);
        this.relations = new RelationReader(notion, calls);
    }

    /** {@code GET /v1/pages/{id}}, relations complete. A 404 surfaces as the client classified it. */
    public CachedPage page(String pageId) throws NotionException {
        return relations.complete(calls.call(() -> notion.retrievePage(pageId)));
    }

    /** {@code GET /v1/data_sources/{id}}. */
    public DataSourceSchema schema(String dataSourceId) throws NotionException {
        return DataSourceSchema.fromApi(calls.call(() -> notion.retrieveDataSource(dataSourceId)));
    }
}
