package com.notionrelay.delivery;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.DataSourceResolver;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import com.notionrelay.notion.NotionId;

/** Creates the event's page in the Interactions data source, at most once, and caches it. */
public final class InteractionPageHandler implements JobHandler {

    private final NotionApi notion;
    private final DataSourceResolver resolver;
    private final NotionId interactionsDb;
    private final PageCacheStore cache;

    public InteractionPageHandler(NotionApi notion, DataSourceResolver resolver, NotionId interactionsDb,
                                  PageCacheStore cache) {
        this.notion = notion;
        this.resolver = resolver;
        this.interactionsDb = interactionsDb;
        this.cache = cache;
    }

    @Override
    public String perform(InteractionEvent event, boolean verifyFirst) throws NotionException {
        String dataSource = resolver.dataSourceId(interactionsDb);
        if (verifyFirst) {
            JsonArray found = notion.queryDataSource(dataSource, InteractionPageBody.findByEventId(event.eventId()))
                    .getAsJsonArray("results");
            if (!found.isEmpty()) {
                JsonObject page = found.get(0).getAsJsonObject();
                cache.upsert(PageObjects.fromApi(page));
                return page.get("id").getAsString();
            }
        }
        JsonObject page = notion.createPage(InteractionPageBody.build(event, dataSource));
        cache.upsert(PageObjects.fromApi(page));
        return page.get("id").getAsString();
    }

    @Override
    public void probe(InteractionEvent event) throws NotionException {
        notion.retrieveDataSource(resolver.dataSourceId(interactionsDb));
    }

    @Override
    public String operatorHint() {
        return "check NOTION_TOKEN and share the Interactions database (" + interactionsDb
                + ") with the integration (… menu → Connections)";
    }
}
