package com.notionrelay.setup;

import com.google.gson.JsonObject;
import com.notionrelay.route.DemoPropertiesEffect;
import com.notionrelay.route.PropertyMapping;
import com.notionrelay.route.RouteModule;
import com.notionrelay.route.Routes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Demos and Interactions schemas {@code init} creates, read from the route modules the relay
 * runs, so the databases hold exactly the properties the modules write (renamed ones included).
 * Demos also gets its {@value #DEMOS_TITLE} title, the {@value #DEMOS_RELATION} side of the two-way
 * relation and the {@value #LOG_FORMULA} formula.
 *
 * @param interactions Interactions property name → type, the demo relation excluded
 * @param demoRelation the Interactions property that points at the demo (written from {@code demo_id})
 * @param demos        Demos property name → type, besides title, relation and formula
 * @param skipped      properties the modules write that init cannot create, each with the reason
 */
public record WorkspaceSchema(Map<String, String> interactions, String demoRelation, Map<String, String> demos,
                              List<String> skipped) {

    public static final String DEMOS = "Demos";
    public static final String INTERACTIONS = "Interactions";
    public static final String DEMOS_TITLE = "Name";
    public static final String DEMOS_RELATION = "Interactions";
    public static final String LOG_FORMULA = "Interaction log";
    private static final String DEFAULT_DEMO_RELATION = "Demo";

    public WorkspaceSchema {
        interactions = new LinkedHashMap<>(interactions);
        demos = new LinkedHashMap<>(demos);
        skipped = List.copyOf(skipped);
    }

    @Override
    public Map<String, String> interactions() {
        return new LinkedHashMap<>(interactions);
    }

    @Override
    public Map<String, String> demos() {
        return new LinkedHashMap<>(demos);
    }

    /** @throws InitException when two modules write one property with two types */
    public static WorkspaceSchema of(Routes routes) {
        Map<String, String> interactions = new LinkedHashMap<>();
        Map<String, String> demos = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        Optional<String> relation = Optional.empty();
        for (RouteModule m : routes.all()) {
            for (PropertyMapping p : m.interactionPage().properties().mappings()) {
                if (p.type().equals("relation") && p.value().soleField().equals(Optional.of("demo_id"))) {
                    if (relation.isPresent() && !relation.get().equals(p.name())) {
                        skipped.add(INTERACTIONS + "." + p.name() + " (relation): the demo relation is already "
                                + relation.get() + "; add a second one by hand");
                    }
                    relation = relation.or(() -> Optional.of(p.name()));
                } else {
                    add(interactions, INTERACTIONS, p, m, skipped);
                }
            }
            if (m.effect() instanceof DemoPropertiesEffect effect) {
                for (PropertyMapping p : effect.properties().mappings()) {
                    if (p.type().equals("title") && p.name().equals(DEMOS_TITLE)) {
                        continue;
                    }
                    add(demos, DEMOS, p, m, skipped);
                }
            }
        }
        if (interactions.values().stream().noneMatch("title"::equals)) {
            interactions.put("Name", "title");
        }
        return new WorkspaceSchema(interactions, relation.orElse(DEFAULT_DEMO_RELATION), demos,
                skipped.stream().distinct().toList());
    }

    private static void add(Map<String, String> schema, String database, PropertyMapping p, RouteModule m,
                            List<String> skipped) {
        String where = database + "." + p.name() + " (" + p.type() + ")";
        if (p.type().equals("relation")) {
            skipped.add(where + ": init cannot tell which database it points to; add it by hand");
            return;
        }
        if (p.type().equals("status")) {
            skipped.add(where + ": the Notion API cannot create status properties; add it by hand");
            return;
        }
        if (p.type().equals("title") && schema.containsValue("title") && !"title".equals(schema.get(p.name()))) {
            throw new InitException("route module " + m.name() + " writes " + p.name() + " as the title of "
                    + database + ", but another module's title is " + titleOf(schema));
        }
        String before = schema.putIfAbsent(p.name(), p.type());
        if (before != null && !before.equals(p.type())) {
            throw new InitException("route module " + m.name() + " writes " + database + "." + p.name()
                    + " as " + p.type() + ", another module as " + before + ": one property has one type");
        }
    }

    private static String titleOf(Map<String, String> schema) {
        return schema.entrySet().stream().filter(e -> e.getValue().equals("title")).map(Map.Entry::getKey)
                .findFirst().orElse("?");
    }

    /** The Interactions title property: what the log formula shows for each interaction. */
    public String interactionsTitle() {
        return titleOf(interactions);
    }

    /** {@code prop("Interactions").map(current.prop("Name")).join(", ")} for the shipped modules. */
    public String logFormula() {
        return "prop(\"" + DEMOS_RELATION + "\").map(current.prop(\"" + interactionsTitle() + "\")).join(\", \")";
    }

    /** A data source property definition as POST /v1/databases and PATCH /v1/data_sources take it. */
    static JsonObject definition(String type) {
        JsonObject d = new JsonObject();
        d.add(type, new JsonObject());
        return d;
    }

    /** The Interactions side of the two-way relation; Notion adds {@value #DEMOS_RELATION} on Demos. */
    static JsonObject relationTo(String demosDataSourceId) {
        JsonObject dual = new JsonObject();
        dual.addProperty("synced_property_name", DEMOS_RELATION);
        JsonObject relation = new JsonObject();
        relation.addProperty("data_source_id", demosDataSourceId);
        relation.addProperty("type", "dual_property");
        relation.add("dual_property", dual);
        JsonObject d = new JsonObject();
        d.add("relation", relation);
        return d;
    }

    static JsonObject formula(String expression) {
        JsonObject f = new JsonObject();
        f.addProperty("expression", expression);
        JsonObject d = new JsonObject();
        d.add("formula", f);
        return d;
    }

    /** Demos as created: title and the demo properties (relation and formula come once Interactions exists). */
    JsonObject demosProperties() {
        JsonObject props = new JsonObject();
        props.add(DEMOS_TITLE, definition("title"));
        demos.forEach((name, type) -> props.add(name, definition(type)));
        return props;
    }

    JsonObject interactionsProperties(String demosDataSourceId) {
        JsonObject props = new JsonObject();
        interactions.forEach((name, type) -> props.add(name, definition(type)));
        props.add(demoRelation, relationTo(demosDataSourceId));
        return props;
    }
}
