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
import com.notionrelay.route.EventContext;
import com.notionrelay.route.InteractionPage;
import com.notionrelay.route.Routes;
import java.util.Optional;

/**
 * Creates the event's page in the Interactions data source, as its route file maps it, at most
 * once (an earlier attempt's page is found by its key property, allowing for the query index's
 * lag), and caches it.
 */
public final class InteractionPageHandler implements JobHandler {

    private final NotionApi notion;
    private final DataSourceResolver resolver;
    private final NotionId interactionsDb;
    private final PageCacheStore cache;
    private final Routes routes;

    public InteractionPageHandler(NotionApi notion, DataSourceResolver resolver, NotionId interactionsDb,
                                  PageCacheStore cache, Routes routes) {
        this.notion = notion;
        this.resolver = resolver;
        this.interactionsDb = interactionsDb;
        this.cache = cache;
        this.routes = routes;
    }

    @Override
    public Optional<String> findEarlier(InteractionEvent event) throws NotionException {
        InteractionPage mapping = routes.of(event.route()).interactionPage();
        JsonArray found = notion.queryDataSource(resolver.dataSourceId(interactionsDb), mapping.findByEventId(event.eventId()))
                .getAsJsonArray("results");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonObject page = found.get(0).getAsJsonObject();
        cache.upsert(PageObjects.fromApi(page));
        return Optional.of(page.get("id").getAsString());
    }

    @Override
    public String write(InteractionEvent event) throws NotionException {
        InteractionPage mapping = routes.of(event.route()).interactionPage();
        String dataSource = resolver.dataSourceId(interactionsDb);
        JsonObject page = notion.createPage(mapping.body(EventContext.of(event), dataSource));
        cache.upsert(PageObjects.fromApi(page));
        return page.get("id").getAsString();
    }

    /** The look-up is a data source query, served from an index that trails writes. */
    @Override
    public boolean lookupTrailsWrites() {
        return true;
    }

    @Override
    public String operatorHint() {
        return "check NOTION_TOKEN and share the Interactions database (" + interactionsDb
                + ") with the integration (… menu → Connections)";
    }
}
