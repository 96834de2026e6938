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
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Sets the demo page's own properties from the event. A PATCH of the same values is idempotent,
 * so an earlier attempt needs no look-up: repeating it is the check.
 *
 * <p>Replay keeps the page's final state: an update runs after every older one of its page (the
 * claim's order), and a replayed older update leaves out each property that a newer, delivered
 * update of the same page already set; when nothing is left it writes nothing.
 */
public final class DemoPropertiesHandler implements CoalescingJobHandler {

    /** Events with an update of the same demo page accepted after this one and already delivered. */
    @FunctionalInterface
    public interface NewerUpdates {
        List<InteractionEvent> deliveredAfter(InteractionEvent event);
    }

    private final NotionApi notion;
    private final Routes routes;
    private final PageCacheStore cache;
    private final NewerUpdates newer;

    public DemoPropertiesHandler(NotionApi notion, Routes routes, PageCacheStore cache, NewerUpdates newer) {
        this.notion = notion;
        this.routes = routes;
        this.cache = cache;
        this.newer = newer;
    }

    /**
     * Property updates are state, not history: the waiting updates of one demo page go out as one
     * PATCH carrying, for each property, the value of the latest event (acceptance order).
     */
    @Override
    public List<String> writeAll(List<InteractionEvent> events) throws NotionException {
        JsonObject merged = new JsonObject();
        for (InteractionEvent event : events) {
            JsonObject properties = body(event).getAsJsonObject("properties");
            for (InteractionEvent later : newer.deliveredAfter(event)) {
                body(later).getAsJsonObject("properties").keySet().forEach(properties::remove);
            }
            properties.entrySet().forEach(p -> merged.add(p.getKey(), p.getValue()));
        }
        String demo = events.get(0).demoId().value();
        if (merged.isEmpty()) {
            return Collections.nCopies(events.size(), demo); // every property has a newer value already
        }
        JsonObject body = new JsonObject();
        body.add("properties", merged);
        JsonObject page = notion.updatePage(demo, body);
        cache.upsert(PageObjects.fromApi(page));
        return Collections.nCopies(events.size(), page.get("id").getAsString());
    }

    private JsonObject body(InteractionEvent event) {
        return routes.effectOf(event.route(), DemoPropertiesEffect.class).body(EventContext.of(event));
    }

    @Override
    public Optional<String> findEarlier(InteractionEvent event) {
        return Optional.empty();
    }

    @Override
    public String operatorHint() {
        return "share the Demos database with the integration, with Update content, and check the route file's "
                + "property names exist on it (… menu → Connections)";
    }
}
