package com.notionrelay.delivery;

import com.google.gson.JsonObject;
import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import com.notionrelay.route.DemoPropertiesEffect;
import com.notionrelay.route.EventContext;
import com.notionrelay.route.Routes;

/**
 * Sets the demo page's own properties from the event. A PATCH of the same values is idempotent,
 * so {@code verifyFirst} needs no look-up: repeating it is the check.
 */
public final class DemoPropertiesHandler implements JobHandler {

    private final NotionApi notion;
    private final Routes routes;
    private final PageCacheStore cache;

    public DemoPropertiesHandler(NotionApi notion, Routes routes, PageCacheStore cache) {
        this.notion = notion;
        this.routes = routes;
        this.cache = cache;
    }

    @Override
    public String perform(InteractionEvent event, boolean verifyFirst) throws NotionException {
        DemoPropertiesEffect effect = routes.effectOf(event.route(), DemoPropertiesEffect.class);
        JsonObject page = notion.updatePage(event.demoId().value(), effect.body(EventContext.of(event)));
        cache.upsert(PageObjects.fromApi(page));
        return page.get("id").getAsString();
    }

    /** The demo page itself: readable again once it is shared with the integration. */
    @Override
    public void probe(InteractionEvent event) throws NotionException {
        notion.retrievePage(event.demoId().value());
    }

    @Override
    public String operatorHint() {
        return "share the Demos database with the integration, with Update content, and check the route file's "
                + "property names exist on it (… menu → Connections)";
    }
}
