package com.notionrelay.delivery;

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
    public Optional<String> findEarlier(InteractionEvent event) throws NotionException {
        String title = routes.effectOf(event.route(), ChildPageEffect.class).titleText(EventContext.of(event));
        return children.findUnrecorded(event.demoId().value(), found -> "child_page".equals(found.get("type").getAsString())
                && title.equals(found.getAsJsonObject("child_page").get("title").getAsString()));
    }

    @Override
    public String write(InteractionEvent event) throws NotionException {
        ChildPageEffect effect = routes.effectOf(event.route(), ChildPageEffect.class);
        return notion.createPage(effect.pageBody(EventContext.of(event), event.demoId().value())).get("id").getAsString();
    }

    @Override
    public String operatorHint() {
        return "share the demo pages (the Demos database) with the integration, with Insert content (… menu → Connections)";
    }
}
