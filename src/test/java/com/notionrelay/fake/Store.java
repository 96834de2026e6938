package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fake workspace: databases, data sources, pages and blocks. Not thread-safe by itself:
 * every caller holds the monitor of this Store (FakeNotion does, for each request and each
 * public method), which makes each HTTP request atomic like a Notion transaction.
 */
final class Store {
    /** The integration's bot user, author of everything created through the API. */
    static final String BOT_ID = "5f6a1c2e-0b7d-4d3e-9a41-6f0c2b8e7d10";

    static final List<String> COLORS =
            List.of("default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red");

    static final Set<String> PROPERTY_TYPES = Set.of("title", "rich_text", "number", "select", "multi_select",
            "status", "date", "people", "files", "checkbox", "url", "email", "phone_number", "relation", "formula",
            "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id", "button",
            "verification", "place");

    /** Pages under a page (not a data source) have exactly this one property. */
    static final Map<String, JsonObject> CHILD_PAGE_SCHEMA =
            Map.of("title", Json.object("id", "title", "name", "title", "type", "title", "title", new JsonObject()));

    static final class Database {
        final String id;
        final String title;
        /** The page it sits on (a child_database block there), or null for a workspace-level database. */
        final String parentPageId;
        final List<String> dataSourceIds = new ArrayList<>();
        final Instant created;

        Database(String id, String title, String parentPageId, Instant created) {
            this.id = id;
            this.title = title;
            this.parentPageId = parentPageId;
            this.created = created;
        }
    }

    static final class DataSource {
        final String id;
        final String databaseId;
        final String name;
        final Instant created;
        /** name → normalised property schema {id, name, type, <type>: config}, in declaration order. */
        final LinkedHashMap<String, JsonObject> schema = new LinkedHashMap<>();
        int nextUniqueId = 1;

        DataSource(String id, String databaseId, String name, Instant created) {
            this.id = id;
            this.databaseId = databaseId;
            this.name = name;
            this.created = created;
        }
    }

    static final class Page {
        final String id;
        /** Exactly one of dataSourceId / parentPageId is set. */
        final String dataSourceId;
        final String parentPageId;
        final Instant created;
        Instant lastEdited;
        boolean inTrash;
        Integer uniqueNumber;
        /** property name → stored value in read shape; relations hold the full, untruncated list. */
        final LinkedHashMap<String, JsonElement> values = new LinkedHashMap<>();
        /** Wall-clock time from which queries show the page (Notion's query index trails writes). */
        Instant indexedAt = Instant.MIN;

        Page(String id, String dataSourceId, String parentPageId, Instant created) {
            this.id = id;
            this.dataSourceId = dataSourceId;
            this.parentPageId = parentPageId;
            this.created = created;
            this.lastEdited = created;
        }
    }

    static final class Block {
        final String id;
        final String parentId;
        final boolean parentIsPage;
        final String type;
        final JsonObject payload;
        final Instant created;

        Block(String id, String parentId, boolean parentIsPage, String type, JsonObject payload, Instant created) {
            this.id = id;
            this.parentId = parentId;
            this.parentIsPage = parentIsPage;
            this.type = type;
            this.payload = payload;
            this.created = created;
        }
    }

    final Map<String, Database> databases = new LinkedHashMap<>();
    final Map<String, DataSource> dataSources = new LinkedHashMap<>();
    final Map<String, Page> pages = new LinkedHashMap<>();
    final Map<String, Block> blocks = new HashMap<>();
    /** parent page/block id → ordered child block ids. */
    final Map<String, List<String>> children = new HashMap<>();

    private final Random random = new Random();
    private Supplier<Instant> clock = Instant::now;
    /** How long a new page stays invisible to data source queries; zero by default. */
    java.time.Duration indexLag = java.time.Duration.ZERO;

    void setClock(Supplier<Instant> clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Notion stores created/last-edited times at minute precision; clients must live with that. */
    Instant now() {
        return clock.get().truncatedTo(ChronoUnit.MINUTES);
    }

    Map<String, JsonObject> schemaOf(Page page) {
        return page.dataSourceId == null ? CHILD_PAGE_SCHEMA : dataSources.get(page.dataSourceId).schema;
    }

    // ------------------------------------------------------------------ databases

    DatabaseIds createDatabase(String title, JsonObject schema) {
        return createDatabase(title, schema, null);
    }

    /**
     * A database with one data source, under {@code parentPage} (a child_database block there) or,
     * when null, at the workspace level. Throws IllegalArgumentException for a bad schema.
     */
    DatabaseIds createDatabase(String title, JsonObject schema, Page parentPage) {
        if (schema == null) throw new IllegalArgumentException("schema is required");
        Instant now = now();
        Database db = new Database(Ids.newId(), title, parentPage == null ? null : parentPage.id, now);
        DataSource ds = new DataSource(Ids.newId(), db.id, title, now);
        List<Runnable> wiring = new ArrayList<>();
        int titles = 0;
        for (Map.Entry<String, JsonElement> e : schema.entrySet()) {
            JsonObject prop = normaliseProperty(ds, e.getKey(), e.getValue(), wiring);
            if ("title".equals(prop.get("type").getAsString())) titles++;
            ds.schema.put(e.getKey(), prop);
        }
        if (titles != 1) throw new IllegalArgumentException("a data source needs exactly one title property, got " + titles);
        db.dataSourceIds.add(ds.id);
        databases.put(db.id, db);
        dataSources.put(ds.id, ds);
        wiring.forEach(Runnable::run); // two-way relations touch the other data source only once all is valid
        if (parentPage != null) {
            // Notion shows a database on a page as a child_database block whose id is the database id.
            Block marker = new Block(db.id, parentPage.id, true, "child_database", Json.object("title", title), now);
            blocks.put(marker.id, marker);
            children.computeIfAbsent(parentPage.id, k -> new ArrayList<>()).add(marker.id);
            parentPage.lastEdited = now;
        }
        return new DatabaseIds(db.id, ds.id);
    }

    /**
     * Adds properties to a data source, or replaces the configuration of one of the same type
     * (a formula's expression, a select's options). All are checked before any is applied.
     * Renames, removals and type changes are not modelled (IllegalStateException).
     */
    void addProperties(DataSource ds, JsonObject properties) {
        List<Runnable> wiring = new ArrayList<>();
        Map<String, JsonObject> added = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : properties.entrySet()) {
            JsonObject existing = ds.schema.get(e.getKey());
            if (e.getValue() == null || e.getValue().isJsonNull() || !e.getValue().isJsonObject()
                    || e.getValue().getAsJsonObject().has("name")) {
                throw new IllegalStateException("removing or renaming properties (" + e.getKey() + ")");
            }
            JsonObject prop = normaliseProperty(ds, e.getKey(), e.getValue(), wiring);
            String type = prop.get("type").getAsString();
            if (existing != null) {
                if (!existing.get("type").getAsString().equals(type) || type.equals("relation") || type.equals("title")) {
                    throw new IllegalStateException("changing the type or relation of an existing property (" + e.getKey() + ")");
                }
                prop.addProperty("id", existing.get("id").getAsString());
            } else if (type.equals("title")) {
                throw new IllegalArgumentException("a data source has exactly one title property; " + e.getKey() + " would be a second");
            }
            added.put(e.getKey(), prop);
        }
        ds.schema.putAll(added);
        wiring.forEach(Runnable::run);
    }

    private JsonObject normaliseProperty(DataSource ds, String name, JsonElement defEl, List<Runnable> wiring) {
        if (defEl == null || !defEl.isJsonObject()) throw new IllegalArgumentException("property " + name + " must be an object");
        JsonObject def = defEl.getAsJsonObject();
        String type = Json.string(def, "type");
        if (type == null) {
            type = def.keySet().stream().filter(PROPERTY_TYPES::contains).findFirst().orElse(null);
        }
        if (type == null || !PROPERTY_TYPES.contains(type)) {
            throw new IllegalArgumentException("property " + name + " has no known type");
        }
        JsonObject config = def.get(type) != null && def.get(type).isJsonObject()
                ? def.getAsJsonObject(type).deepCopy() : new JsonObject();
        String id = "title".equals(type) ? "title" : newPropertyId(ds);
        switch (type) {
            case "select", "multi_select" -> config.add("options", normaliseOptions(config.get("options")));
            case "status" -> normaliseStatus(config);
            case "number" -> { if (!config.has("format")) config.addProperty("format", "number"); }
            case "unique_id" -> { if (!config.has("prefix")) config.add("prefix", null); }
            case "formula" -> { if (!config.has("expression")) config.addProperty("expression", ""); }
            case "relation" -> config = normaliseRelation(ds, name, id, config, wiring);
            default -> { }
        }
        return Json.object("id", id, "name", name, "type", type, type, config);
    }

    private JsonArray normaliseOptions(JsonElement raw) {
        JsonArray out = new JsonArray();
        if (raw != null && raw.isJsonArray()) {
            for (JsonElement o : raw.getAsJsonArray()) {
                JsonObject opt = o.getAsJsonObject();
                String name = Json.string(opt, "name");
                if (name == null || name.contains(",")) throw new IllegalArgumentException("bad option name: " + name);
                String color = Json.string(opt, "color");
                out.add(option(name, color == null ? COLORS.get(out.size() % COLORS.size()) : color));
            }
        }
        return out;
    }

    JsonObject option(String name, String color) {
        return Json.object("id", Ids.newId(), "name", name, "color", color);
    }

    /** Notion creates a status property with its three default options in three groups. */
    private void normaliseStatus(JsonObject config) {
        JsonArray options = normaliseOptions(config.get("options"));
        if (options.isEmpty()) {
            options.add(option("Not started", "default"));
            options.add(option("In progress", "blue"));
            options.add(option("Done", "green"));
        }
        config.add("options", options);
        if (!config.has("groups")) {
            JsonArray groups = new JsonArray();
            String[][] defs = {{"To-do", "gray"}, {"In progress", "blue"}, {"Complete", "green"}};
            for (int i = 0; i < defs.length; i++) {
                JsonArray ids = new JsonArray();
                if (i < options.size()) ids.add(options.get(i).getAsJsonObject().get("id"));
                if (i == defs.length - 1) {
                    for (int j = defs.length; j < options.size(); j++) ids.add(options.get(j).getAsJsonObject().get("id"));
                }
                groups.add(Json.object("id", Ids.newId(), "name", defs[i][0], "color", defs[i][1], "option_ids", ids));
            }
            config.add("groups", groups);
        }
    }

    private JsonObject normaliseRelation(DataSource ds, String name, String id, JsonObject config, List<Runnable> wiring) {
        String targetId = Ids.normalizeOrNull(Json.string(config, "data_source_id"));
        if (targetId == null) {
            String dbId = Ids.normalizeOrNull(Json.string(config, "database_id"));
            Database db = dbId == null ? null : databases.get(dbId);
            if (db == null) throw new IllegalArgumentException("relation " + name + " needs an existing data_source_id");
            targetId = db.dataSourceIds.get(0);
        }
        DataSource target = dataSources.get(targetId);
        if (target == null) throw new IllegalArgumentException("relation " + name + ": unknown data source " + targetId);
        boolean dual = "dual_property".equals(Json.string(config, "type")) || config.has("dual_property");
        JsonObject out = Json.object("database_id", target.databaseId, "data_source_id", target.id);
        if (!dual) {
            out.addProperty("type", "single_property");
            out.add("single_property", new JsonObject());
            return out;
        }
        JsonObject dualCfg = config.get("dual_property") != null && config.get("dual_property").isJsonObject()
                ? config.getAsJsonObject("dual_property") : new JsonObject();
        String syncedName = Json.string(dualCfg, "synced_property_name");
        if (syncedName == null) syncedName = "Related to " + ds.name + " (" + name + ")";
        JsonObject dualOut = Json.object("synced_property_name", syncedName, "synced_property_id", null);
        out.addProperty("type", "dual_property");
        out.add("dual_property", dualOut);
        JsonObject existing = target.schema.get(syncedName);
        if (existing != null && !"relation".equals(existing.get("type").getAsString())) {
            throw new IllegalArgumentException("synced property " + syncedName + " exists and is not a relation");
        }
        String finalSyncedName = syncedName;
        wiring.add(() -> {
            // Point the other side back at us, creating it when missing, like Notion does.
            String syncedId = existing != null ? existing.get("id").getAsString() : newPropertyId(target);
            JsonObject back = Json.object("database_id", ds.databaseId, "data_source_id", ds.id,
                    "type", "dual_property",
                    "dual_property", Json.object("synced_property_name", name, "synced_property_id", id));
            target.schema.put(finalSyncedName,
                    Json.object("id", syncedId, "name", finalSyncedName, "type", "relation", "relation", back));
            dualOut.addProperty("synced_property_id", syncedId);
        });
        return out;
    }

    /**
     * Property ids look like Notion's: four characters, some of which need URL-encoding, stored
     * encoded (e.g. "%3AUp%5D"). That makes clients that forget to handle encoding in
     * /v1/pages/{id}/properties/{property_id} visible in tests.
     */
    private String newPropertyId(DataSource ds) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:;<=>?@[]^{|}";
        while (true) {
            StringBuilder raw = new StringBuilder();
            for (int i = 0; i < 4; i++) raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String id = URLEncoder.encode(raw.toString(), StandardCharsets.UTF_8);
            boolean used = ds.schema.values().stream().anyMatch(p -> p.get("id").getAsString().equals(id));
            if (!used && !id.equals("title")) return id;
        }
    }

    // ------------------------------------------------------------------ pages

    Page createPage(DataSource ds, Page parentPage, Map<String, JsonElement> values, List<BlockWriter.NewBlock> content) {
        Instant now = now();
        Page page = new Page(Ids.newId(), ds == null ? null : ds.id, parentPage == null ? null : parentPage.id, now);
        page.indexedAt = Instant.now().plus(indexLag);
        if (ds != null && ds.schema.values().stream().anyMatch(p -> "unique_id".equals(p.get("type").getAsString()))) {
            page.uniqueNumber = ds.nextUniqueId++;
        }
        if (ds != null) {
            // A new page gets the first status option, as in the Notion UI.
            ds.schema.forEach((name, prop) -> {
                if ("status".equals(prop.get("type").getAsString())) {
                    JsonArray options = prop.getAsJsonObject("status").getAsJsonArray("options");
                    if (!options.isEmpty()) page.values.put(name, options.get(0).deepCopy());
                }
            });
        }
        pages.put(page.id, page);
        applyValues(page, values, now);
        if (parentPage != null) {
            // Notion shows a child page as a child_page block of its parent.
            Block marker = new Block(page.id, parentPage.id, true, "child_page",
                    Json.object("title", Renderer.plainText(page.values.get("title"))), now);
            blocks.put(marker.id, marker);
            children.computeIfAbsent(parentPage.id, k -> new ArrayList<>()).add(marker.id);
            parentPage.lastEdited = now;
        }
        insertBlocks(page.id, true, content, null);
        page.lastEdited = now;
        return page;
    }

    /** Sets property values (already validated) and keeps two-way relations in step. */
    void applyValues(Page page, Map<String, JsonElement> values, Instant now) {
        Map<String, JsonObject> schema = schemaOf(page);
        for (Map.Entry<String, JsonElement> e : values.entrySet()) {
            JsonElement before = page.values.put(e.getKey(), e.getValue());
            JsonObject prop = schema.get(e.getKey());
            if ("relation".equals(prop.get("type").getAsString())) {
                syncRelation(page, prop.getAsJsonObject("relation"), relationIds(before), relationIds(e.getValue()), now);
            }
        }
        page.lastEdited = now;
    }

    static LinkedHashSet<String> relationIds(JsonElement value) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (value != null && value.isJsonArray()) {
            value.getAsJsonArray().forEach(r -> ids.add(r.getAsJsonObject().get("id").getAsString()));
        }
        return ids;
    }

    private void syncRelation(Page page, JsonObject relation, Set<String> before, Set<String> after, Instant now) {
        if (!"dual_property".equals(Json.string(relation, "type"))) return;
        String synced = relation.getAsJsonObject("dual_property").get("synced_property_name").getAsString();
        for (String added : after) {
            if (before.contains(added)) continue;
            Page other = pages.get(added);
            if (other == null) continue;
            LinkedHashSet<String> ids = relationIds(other.values.get(synced));
            if (ids.add(page.id)) {
                other.values.put(synced, relationArray(ids));
                other.lastEdited = now;
            }
        }
        for (String removed : before) {
            if (after.contains(removed)) continue;
            Page other = pages.get(removed);
            if (other == null) continue;
            LinkedHashSet<String> ids = relationIds(other.values.get(synced));
            if (ids.remove(page.id)) {
                other.values.put(synced, relationArray(ids));
                other.lastEdited = now;
            }
        }
    }

    static JsonArray relationArray(Iterable<String> ids) {
        JsonArray out = new JsonArray();
        ids.forEach(id -> out.add(Json.object("id", id)));
        return out;
    }

    void setTrash(Page page, boolean inTrash) {
        page.inTrash = inTrash;
        page.lastEdited = now();
    }

    // ------------------------------------------------------------------ blocks

    boolean isContainer(String id) {
        return pages.containsKey(id) || blocks.containsKey(id);
    }

    /**
     * Inserts blocks (and their nested children) under a parent, after {@code afterId} or at the
     * end when null ("" means at the start). Returns the top-level blocks created.
     */
    List<Block> insertBlocks(String parentId, boolean parentIsPage, List<BlockWriter.NewBlock> newBlocks, String afterId) {
        Instant now = now();
        List<String> siblings = children.computeIfAbsent(parentId, k -> new ArrayList<>());
        int at = afterId == null ? siblings.size() : afterId.isEmpty() ? 0 : siblings.indexOf(afterId) + 1;
        List<Block> created = new ArrayList<>();
        for (BlockWriter.NewBlock nb : newBlocks) {
            Block b = new Block(Ids.newId(), parentId, parentIsPage, nb.type(), nb.payload(), now);
            blocks.put(b.id, b);
            siblings.add(at++, b.id);
            created.add(b);
            insertBlocks(b.id, false, nb.children(), null);
        }
        if (!newBlocks.isEmpty()) touchContainer(parentId, now);
        return created;
    }

    /** Content edits bump the owning page's last_edited_time, as in Notion. */
    private void touchContainer(String id, Instant now) {
        String cursor = id;
        for (int guard = 0; cursor != null && guard < 1000; guard++) {
            Page p = pages.get(cursor);
            if (p != null) {
                p.lastEdited = now;
                return;
            }
            Block b = blocks.get(cursor);
            cursor = b == null ? null : b.parentId;
        }
    }

    List<Block> childBlocks(String parentId) {
        return children.getOrDefault(parentId, List.of()).stream().map(blocks::get).toList();
    }
}
