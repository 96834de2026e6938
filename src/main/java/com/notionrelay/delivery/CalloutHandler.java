package com.notionrelay.delivery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import com.notionrelay.route.CalloutEffect;
import com.notionrelay.route.EventContext;
import com.notionrelay.route.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Appends the route's callout to the demo page; callouts and welcomes waiting for one demo page
 * go out as one append. Appending is not idempotent, so after an ambiguous failure it first looks
 * for the same callout among the page's last children.
 */
public final class CalloutHandler implements CoalescingJobHandler {

    private final NotionApi notion;
    private final Routes routes;
    private final DemoPageChildren children;

    public CalloutHandler(NotionApi notion, Routes routes, DemoPageChildren children) {
        this.notion = notion;
        this.routes = routes;
        this.children = children;
    }

    @Override
    public Optional<String> findEarlier(InteractionEvent event) throws NotionException {
        JsonObject block = block(event);
        return children.findUnrecorded(event.demoId().value(), found -> sameCallout(found, block));
    }

    private JsonObject block(InteractionEvent event) {
        return routes.effectOf(event.route(), CalloutEffect.class).block(EventContext.of(event));
    }

    /** Every waiting callout and welcome for one demo page in one append, in order. */
    @Override
    public List<String> writeAll(List<InteractionEvent> events) throws NotionException {
        JsonArray list = new JsonArray();
        for (InteractionEvent e : events) {
            list.add(block(e));
        }
        JsonObject body = new JsonObject();
        body.add("children", list);
        JsonArray results = notion.appendBlockChildren(events.get(0).demoId().value(), body).getAsJsonArray("results");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ids.add(results.get(i).getAsJsonObject().get("id").getAsString());
        }
        return ids;
    }

    /** Same type, same text and same emoji: what a reader would call the same callout. */
    static boolean sameCallout(JsonObject found, JsonObject ours) {
        if (!"callout".equals(found.has("type") ? found.get("type").getAsString() : null) || !found.has("callout")) {
            return false;
        }
        JsonObject a = found.getAsJsonObject("callout");
        JsonObject b = ours.getAsJsonObject("callout");
        return PageObjects.plainText(a.getAsJsonArray("rich_text")).equals(PageObjects.plainText(b.getAsJsonArray("rich_text")))
                && Objects.equals(emoji(a), emoji(b));
    }

    private static String emoji(JsonObject callout) {
        JsonElement icon = callout.get("icon");
        if (icon == null || !icon.isJsonObject() || !icon.getAsJsonObject().has("emoji")) {
            return null;
        }
        return icon.getAsJsonObject().get("emoji").getAsString();
    }

    @Override
    public String operatorHint() {
        return "share the demo pages (the Demos database) with the integration (… menu → Connections)";
    }
}
