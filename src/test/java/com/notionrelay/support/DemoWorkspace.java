package com.notionrelay.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.fake.DatabaseIds;
import com.notionrelay.fake.FakeNotion;
import java.util.HashMap;
import java.util.Map;

/**
 * A fake Notion set up as the README tells a user to: Demos and Interactions databases with a
 * two-way relation, shared with the integration, and one demo page.
 */
public final class DemoWorkspace implements AutoCloseable {

    public static final String TOKEN = "secret_test_token";
    /** The relay's admin token in {@link #relayEnv()}: reads with it see everything. */
    public static final String ADMIN_TOKEN = "test-admin-token";

    public final FakeNotion notion = new FakeNotion(TOKEN);
    public final DatabaseIds demos;
    public final DatabaseIds interactions;
    public final String demoPageId;

    public DemoWorkspace() {
        demos = notion.createDatabase("Demos", JsonParser.parseString("""
                {"Name": {"type": "title", "title": {}},
                 "Viewing": {"type": "checkbox", "checkbox": {}},
                 "Last viewed": {"type": "date", "date": {}},
                 "Current viewer": {"type": "rich_text", "rich_text": {}}}
                """).getAsJsonObject());
        interactions = notion.createDatabase("Interactions", JsonParser.parseString("""
                {"Name": {"type": "title", "title": {}},
                 "Event ID": {"type": "rich_text", "rich_text": {}},
                 "Action": {"type": "select", "select": {}},
                 "Route": {"type": "select", "select": {}},
                 "Demo": {"type": "relation", "relation": {"data_source_id": "%s", "type": "dual_property",
                          "dual_property": {"synced_property_name": "Interactions"}}},
                 "Session": {"type": "rich_text", "rich_text": {}},
                 "Guest": {"type": "rich_text", "rich_text": {}},
                 "Guest email": {"type": "email", "email": {}},
                 "Occurred at": {"type": "date", "date": {}},
                 "Payload": {"type": "rich_text", "rich_text": {}}}
                """.formatted(demos.dataSourceId())).getAsJsonObject());
        demoPageId = addDemo("Onboarding tour");
    }

    public String addDemo(String title) {
        JsonObject props = JsonParser.parseString(
                "{\"Name\": {\"title\": [{\"type\": \"text\", \"text\": {\"content\": \"" + title + "\"}}]}}").getAsJsonObject();
        return notion.createPage(demos.dataSourceId(), props).get("id").getAsString();
    }

    /** The environment a relay needs to deliver into this workspace (by database id, as a user copies it). */
    public Map<String, String> relayEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("NOTION_TOKEN", TOKEN);
        env.put("NOTION_BASE_URL", notion.baseUrl());
        env.put("NOTION_INTERACTIONS_DB", interactions.databaseId().replace("-", ""));
        env.put("NOTION_DEMOS_DB", demos.databaseId());
        env.put("NOTION_READ_TIMEOUT", "2");
        env.put("NOTION_RATE_LIMIT", "50");
        env.put("RELAY_RETRY_BASE_DELAY_MS", "200");
        env.put("RELAY_OPERATOR_PROBE_INTERVAL", "1");
        env.put("RELAY_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("RELAY_INDEX_LAG", "1"); // the fake's query index keeps up unless a test sets a lag
        return env;
    }

    /** Plain text of a page's property as Notion would show it (title, rich text, select, email). */
    public static String text(JsonObject page, String property) {
        JsonObject p = page.getAsJsonObject("properties").getAsJsonObject(property);
        String type = p.get("type").getAsString();
        return switch (type) {
            case "title", "rich_text" -> {
                StringBuilder sb = new StringBuilder();
                p.getAsJsonArray(type).forEach(i -> sb.append(i.getAsJsonObject().get("plain_text").getAsString()));
                yield sb.toString();
            }
            case "select" -> p.get("select").isJsonNull() ? null : p.getAsJsonObject("select").get("name").getAsString();
            case "email", "url", "phone_number" -> p.get(type).isJsonNull() ? null : p.get(type).getAsString();
            case "date" -> p.get("date").isJsonNull() ? null : p.getAsJsonObject("date").get("start").getAsString();
            default -> p.get(type).toString();
        };
    }

    @Override
    public void close() {
        notion.close();
    }
}
