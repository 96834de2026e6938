package com.notionrelay.setup;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionException;
import com.notionrelay.notion.NotionId;
import com.notionrelay.notion.RichText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the Demos and Interactions databases under a page the integration can see, with the
 * {@link WorkspaceSchema}. Safe to run again: it finds the databases it made (by title, among the
 * page's child databases) and only adds the properties they lack, so a run cut short is finished
 * by the next one and a finished one makes no second pair.
 */
public final class WorkspaceInit {

    /** One database as init leaves it. */
    public record Made(String title, NotionId databaseId, NotionId dataSourceId, boolean created, List<String> added) {
        public Made {
            added = List.copyOf(added);
        }
    }

    public record Result(Made demos, Made interactions, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    private final NotionApi notion;
    private final WorkspaceSchema schema;

    public WorkspaceInit(NotionApi notion, WorkspaceSchema schema) {
        this.notion = notion;
        this.schema = schema;
    }

    /** @throws InitException with a message a person can act on; what was made before it stays */
    public Result run(NotionId parent) {
        List<String> notes = new ArrayList<>(schema.skipped());
        Map<String, NotionId> existing = childDatabases(parent, notes);

        Optional<NotionId> demosDb = Optional.ofNullable(existing.get(WorkspaceSchema.DEMOS));
        NotionId demosDbId = demosDb.orElseGet(() -> create(parent, WorkspaceSchema.DEMOS, schema.demosProperties()));
        NotionId demosDs = dataSourceOf(demosDbId, notes);

        Optional<NotionId> interactionsDb = Optional.ofNullable(existing.get(WorkspaceSchema.INTERACTIONS));
        NotionId interactionsDbId = interactionsDb.orElseGet(() -> create(parent, WorkspaceSchema.INTERACTIONS,
                schema.interactionsProperties(demosDs.value())));
        NotionId interactionsDs = dataSourceOf(interactionsDbId, notes);

        // Interactions first: its two-way relation is what puts the Interactions property on Demos.
        JsonObject wantedInteractions = schema.interactionsProperties(demosDs.value());
        List<String> addedToInteractions = complete(WorkspaceSchema.INTERACTIONS, interactionsDs, wantedInteractions,
                Map.of(schema.demoRelation(), demosDs));
        JsonObject wantedDemos = schema.demosProperties();
        wantedDemos.add(WorkspaceSchema.LOG_FORMULA, WorkspaceSchema.formula(schema.logFormula()));
        requireRelation(demosDs, interactionsDs);
        List<String> addedToDemos = complete(WorkspaceSchema.DEMOS, demosDs, wantedDemos, Map.of());

        return new Result(
                new Made(WorkspaceSchema.DEMOS, demosDbId, demosDs, demosDb.isEmpty(), addedToDemos),
                new Made(WorkspaceSchema.INTERACTIONS, interactionsDbId, interactionsDs, interactionsDb.isEmpty(),
                        addedToInteractions),
                notes);
    }

    /** Title → database id of the page's child databases; the first of two with one title wins. */
    private Map<String, NotionId> childDatabases(NotionId parent, List<String> notes) {
        Map<String, NotionId> found = new LinkedHashMap<>();
        String cursor = null;
        do {
            String from = cursor;
            JsonObject page = call(() -> notion.listBlockChildren(parent.value(), from, 100), parent);
            for (JsonElement e : page.getAsJsonArray("results")) {
                JsonObject block = e.getAsJsonObject();
                if (!"child_database".equals(string(block, "type")) || block.has("in_trash") && block.get("in_trash").getAsBoolean()) {
                    continue;
                }
                String title = string(block.getAsJsonObject("child_database"), "title");
                NotionId id = NotionId.parse(string(block, "id")).orElseThrow();
                if (found.putIfAbsent(title, id) != null && isOurs(title)) {
                    notes.add("the page holds two databases titled " + title + "; using the first, " + found.get(title));
                }
            }
            cursor = page.has("has_more") && page.get("has_more").getAsBoolean() ? string(page, "next_cursor") : null;
        } while (cursor != null);
        return found;
    }

    private static boolean isOurs(String title) {
        return title.equals(WorkspaceSchema.DEMOS) || title.equals(WorkspaceSchema.INTERACTIONS);
    }

    private NotionId create(NotionId parent, String title, JsonObject properties) {
        JsonObject parentRef = new JsonObject();
        parentRef.addProperty("type", "page_id");
        parentRef.addProperty("page_id", parent.value());
        JsonObject initial = new JsonObject();
        initial.add("properties", properties);
        JsonObject body = new JsonObject();
        body.add("parent", parentRef);
        body.add("title", RichText.of(title));
        body.add("initial_data_source", initial);
        JsonObject db = call(() -> notion.createDatabase(body), parent);
        return NotionId.parse(string(db, "id")).orElseThrow(() -> new InitException(
                "Notion created the " + title + " database but its answer has no id; run init again to find it"));
    }

    private NotionId dataSourceOf(NotionId databaseId, List<String> notes) {
        JsonObject db = call(() -> notion.retrieveDatabase(databaseId.value()), null);
        JsonArray sources = db.has("data_sources") ? db.getAsJsonArray("data_sources") : new JsonArray();
        if (sources.isEmpty()) {
            throw new InitException("database " + databaseId + " has no data source (is NOTION_VERSION 2025-09-03 or later?)");
        }
        if (sources.size() > 1) {
            notes.add("database " + databaseId + " has " + sources.size() + " data sources; using the first");
        }
        return NotionId.parse(string(sources.get(0).getAsJsonObject(), "id")).orElseThrow();
    }

    /**
     * Adds what {@code wanted} has and the data source lacks; refuses when a property exists with
     * another type (init never changes what a person made). {@code relations} says which data
     * source a relation property must point at.
     */
    private List<String> complete(String title, NotionId dataSource, JsonObject wanted, Map<String, NotionId> relations) {
        JsonObject have = call(() -> notion.retrieveDataSource(dataSource.value()), null).getAsJsonObject("properties");
        JsonObject missing = new JsonObject();
        for (String name : wanted.keySet()) {
            String type = wanted.getAsJsonObject(name).keySet().iterator().next();
            if (type.equals("title")) {
                // A database has one title property, whatever it is called: rename it in Notion if it differs.
                String current = titleName(have);
                if (!current.equals(name)) {
                    throw new InitException(title + "'s title property is called '" + current + "' but the route files write '"
                            + name + "': rename one of them, then run init again");
                }
                continue;
            }
            if (!have.has(name)) {
                missing.add(name, wanted.get(name));
                continue;
            }
            JsonObject prop = have.getAsJsonObject(name);
            String haveType = string(prop, "type");
            if (!type.equals(haveType)) {
                throw new InitException(title + " already has a property '" + name + "' of type " + haveType
                        + ", but the route files write it as " + type + ": rename or remove it in Notion, then run init again");
            }
            NotionId target = relations.get(name);
            if (target != null && !target.equals(NotionId.parse(string(prop.getAsJsonObject("relation"), "data_source_id"))
                    .orElse(null))) {
                throw new InitException(title + "." + name + " is a relation to another database, not to "
                        + WorkspaceSchema.DEMOS + ": rename or remove it in Notion, then run init again");
            }
        }
        if (!missing.keySet().isEmpty()) {
            JsonObject body = new JsonObject();
            body.add("properties", missing);
            call(() -> notion.updateDataSource(dataSource.value(), body), null);
        }
        return new ArrayList<>(missing.keySet());
    }

    /** Demos' side of the relation comes from Interactions' two-way relation; it cannot be added alone. */
    private void requireRelation(NotionId demosDs, NotionId interactionsDs) {
        JsonObject have = call(() -> notion.retrieveDataSource(demosDs.value()), null).getAsJsonObject("properties");
        JsonObject rel = have.has(WorkspaceSchema.DEMOS_RELATION) ? have.getAsJsonObject(WorkspaceSchema.DEMOS_RELATION) : null;
        boolean ok = rel != null && "relation".equals(string(rel, "type"))
                && interactionsDs.equals(NotionId.parse(string(rel.getAsJsonObject("relation"), "data_source_id")).orElse(null));
        if (!ok) {
            throw new InitException(WorkspaceSchema.DEMOS + " has no '" + WorkspaceSchema.DEMOS_RELATION + "' relation back to "
                    + WorkspaceSchema.INTERACTIONS + ": make Interactions." + schema.demoRelation()
                    + " a two-way relation (\"Show on Demos\") named " + WorkspaceSchema.DEMOS_RELATION
                    + " on the Demos side, then run init again");
        }
    }

    private static String titleName(JsonObject properties) {
        for (String name : properties.keySet()) {
            if ("title".equals(string(properties.getAsJsonObject(name), "type"))) {
                return name;
            }
        }
        return "";
    }

    private static String string(JsonObject o, String key) {
        return o != null && o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }

    private interface Call {
        JsonObject run() throws NotionException;
    }

    /** Turns Notion's answer into what a person setting up should do; {@code parent} names the page for a 404. */
    private static JsonObject call(Call call, NotionId parent) {
        try {
            return call.run();
        } catch (NotionException e) {
            NotionError err = e.error();
            if (err.objectNotFound() && parent != null) {
                throw new InitException("page " + parent + " was not found: share it with the integration (in Notion, "
                        + "open the page, ••• menu → Connections → add your integration) and check the id, then run init again");
            }
            if (err.status() == 401) {
                throw new InitException("Notion refused NOTION_TOKEN (" + err.describe() + "): set the integration's token");
            }
            if (err.status() == 403) {
                throw new InitException("the integration may not do this (" + err.describe() + "): give it the read, "
                        + "update and insert content capabilities");
            }
            throw new InitException("Notion answered " + err.describe() + "; what was made so far stays, and running "
                    + "init again finishes the job");
        }
    }
}
