package com.notionrelay.sync;

import com.google.gson.JsonObject;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Notion client as one sync run uses it, counting every request it sends (retries are
 * requests too): the run's spend of the rate budget it shares with delivery. Answers the cache
 * gives without asking Notion (a data source id already resolved) are not counted.
 */
final class CountedNotion implements NotionApi {

    private final NotionApi notion;
    private final AtomicInteger requests = new AtomicInteger();

    CountedNotion(NotionApi notion) {
        this.notion = notion;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public JsonObject createPage(JsonObject body) throws NotionException {
        requests.incrementAndGet();
        return notion.createPage(body);
    }

    @Override
    public JsonObject updatePage(String pageId, JsonObject body) throws NotionException {
        requests.incrementAndGet();
        return notion.updatePage(pageId, body);
    }

    @Override
    public JsonObject retrievePage(String pageId) throws NotionException {
        requests.incrementAndGet();
        return notion.retrievePage(pageId);
    }

    @Override
    public JsonObject retrieveDatabase(String databaseId) throws NotionException {
        requests.incrementAndGet();
        return notion.retrieveDatabase(databaseId);
    }

    @Override
    public JsonObject retrieveDataSource(String dataSourceId) throws NotionException {
        requests.incrementAndGet();
        return notion.retrieveDataSource(dataSourceId);
    }

    @Override
    public JsonObject createDatabase(JsonObject body) throws NotionException {
        requests.incrementAndGet();
        return notion.createDatabase(body);
    }

    @Override
    public JsonObject updateDataSource(String dataSourceId, JsonObject body) throws NotionException {
        requests.incrementAndGet();
        return notion.updateDataSource(dataSourceId, body);
    }

    @Override
    public JsonObject queryDataSource(String dataSourceId, JsonObject body) throws NotionException {
        requests.incrementAndGet();
        return notion.queryDataSource(dataSourceId, body);
    }

    @Override
    public JsonObject appendBlockChildren(String blockId, JsonObject body) throws NotionException {
        requests.incrementAndGet();
        return notion.appendBlockChildren(blockId, body);
    }

    @Override
    public JsonObject listBlockChildren(String blockId, String startCursor, int pageSize) throws NotionException {
        requests.incrementAndGet();
        return notion.listBlockChildren(blockId, startCursor, pageSize);
    }

    @Override
    public JsonObject retrievePageProperty(String pageId, String propertyId, String startCursor) throws NotionException {
        requests.incrementAndGet();
        return notion.retrievePageProperty(pageId, propertyId, startCursor);
    }
}
