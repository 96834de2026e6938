package com.notionrelay.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DemoWorkspace} filled to 1,000 pages: 10 demos and 990 interactions, the first five
 * demos with 150 interactions each (past the 25 a page object lists), the others with 48.
 */
public final class BigWorkspace {

    public static final int DEMOS = 10;
    public static final int INTERACTIONS = 990;
    public static final int BIG = 150;
    public static final String[] ACTIONS = {"viewed", "clicked", "signed up"};

    public final List<String> demoIds = new ArrayList<>();
    public final List<String> interactionIds = new ArrayList<>();

    public BigWorkspace(DemoWorkspace ws) {
        demoIds.add(ws.demoPageId);
        for (int i = 1; i < DEMOS; i++) {
            demoIds.add(ws.addDemo("Demo " + i));
        }
        for (int i = 0; i < INTERACTIONS; i++) {
            int demo = i < 5 * BIG ? i / BIG : 5 + (i - 5 * BIG) % (DEMOS - 5);
            interactionIds.add(ws.notion.createPage(ws.interactions.dataSourceId(),
                    interaction("Interaction " + i, ACTIONS[i % ACTIONS.length], demoIds.get(demo))).get("id").getAsString());
        }
    }

    public static JsonObject interaction(String name, String action, String demoId) {
        JsonObject props = JsonParser.parseString("""
                {"Name": {"title": [{"type": "text", "text": {"content": "%s"}}]},
                 "Event ID": {"rich_text": [{"type": "text", "text": {"content": "evt-%s"}}]},
                 "Action": {"select": {"name": "%s"}}}
                """.formatted(name, name.replace(' ', '-'), action)).getAsJsonObject();
        props.add("Demo", relation(demoId));
        return props;
    }

    public static JsonObject relation(String... ids) {
        JsonArray arr = new JsonArray();
        for (String id : ids) {
            JsonObject ref = new JsonObject();
            ref.addProperty("id", id);
            arr.add(ref);
        }
        JsonObject o = new JsonObject();
        o.add("relation", arr);
        return o;
    }

    public static JsonObject title(String text) {
        return JsonParser.parseString("{\"Name\": {\"title\": [{\"type\": \"text\", \"text\": {\"content\": \""
                + text + "\"}}]}}").getAsJsonObject();
    }
}
