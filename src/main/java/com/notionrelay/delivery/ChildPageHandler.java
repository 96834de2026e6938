package com.notionrelay.delivery;

import com.google.gson.JsonObject;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import com.notionrelay.route.ChildPageEffect;
import com.notionrelay.route.EventContext;
import com.notionrelay.route.Routes;
import java.util.Optional;

/**
 * Creates the route's child page under the demo page. After an ambiguous failure it first looks
 * among the demo page's last children for a {@code child_page} with the same title that no job
 * has recorded, and adopts it.
 */
public final class ChildPageHandler implements JobHandler {

    private final NotionApi notion;
    private final Routes routes;
    private final DemoPageChildren children;

    public ChildPageHandler(NotionApi notion, Routes routes, DemoPageChildren children) {
        this.notion = notion;
        this.routes = routes;
        this.children = children;
    }

    @Override
    public String perform(InteractionEvent event, boolean verifyFirst) throws NotionException {
        ChildPageEffect effect = routes.effectOf(event.route(), ChildPageEffect.class);
        JsonObject context = EventContext.of(event);
        String demo = event.demoId().value();
        if (verifyFirst) {
            String title = effect.titleText(context);
            Optional<String> earlier = children.findUnrecorded(demo, found -> "child_page".equals(found.get("type").getAsString())
                    && title.equals(found.getAsJsonObject("child_page").get("title").getAsString()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        return notion.createPage(effect.pageBody(context, demo)).get("id").getAsString();
    }

    /** The demo page itself: readable again once it is shared with the integration. */
    @Override
    public void probe(InteractionEvent event) throws NotionException {
        notion.retrievePage(event.demoId().value());
    }

    @Override
    public String operatorHint() {
        return "share the demo pages (the Demos database) with the integration, with Insert content (… menu → Connections)";
    }
}
