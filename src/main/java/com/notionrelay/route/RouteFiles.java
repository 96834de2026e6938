package com.notionrelay.route;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.JsonObject;
import com.notionrelay.notion.PropertyValues;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the route modules at start-up, with Gson, from {@link RouteSources}: the shipped ones
 * (inside the jar) with the routes directory's files adding and replacing. {@value #SHARED_PAGE} holds
 * the Interactions page mapping every module shares unless it declares its own
 * {@code interaction_page}; a file of that name in the directory replaces it. Anything wrong
 * stops start-up with one {@link RouteFileException} naming the file, the key and the problem.
 * The format is documented in the README ("Route files").
 */
public final class RouteFiles {

    /** The file, shipped or in the directory, that holds the shared Interactions page mapping. */
    public static final String SHARED_PAGE = "interaction-page.json";

    private static final Set<String> TOP = Set.of("name", "path", "description", "batch", "fields", "interaction_page",
            "effect", "automation");
    private static final Set<String> AUTOMATION_ROOTS = Set.of("page", "source");
    /** Event fields an automation may fill; {@code properties.*} is open. The event id comes from {@code source}. */
    private static final Set<String> AUTOMATION_FIELDS = Set.of("demo_id", "action", "session_id", "guest.name",
            "guest.email", "occurred_at");
    private static final int MAX_BATCH = 100;

    private RouteFiles() {
    }

    /** The shipped modules alone. */
    public static Routes shipped() {
        return build(RouteSources.shipped());
    }

    /** The shipped modules with {@code dir}'s files added and overriding; {@code dir} must exist. */
    public static Routes load(Path dir) {
        return load(dir, true);
    }

    /**
     * @param dirRequired when false a missing {@code dir} just means the shipped modules run (the
     *                    default {@code routes/} need not exist); a directory a user named must.
     */
    public static Routes load(Path dir, boolean dirRequired) {
        return build(RouteSources.withDirectory(dir, dirRequired));
    }

    private static Routes build(Map<String, RouteSources.Source> sources) {
        InteractionPage shared = sharedPage(sources.remove(SHARED_PAGE));
        List<RouteModule> modules = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (RouteSources.Source source : sources.values()) {
            RouteModule m = read(source, shared);
            String sameName = names.putIfAbsent(m.name(), source.label());
            if (sameName != null) {
                throw new RouteFileException(source.label(), "name", "'" + m.name() + "' is already the name of " + sameName);
            }
            String samePath = paths.putIfAbsent(m.path(), source.label());
            if (samePath != null) {
                throw new RouteFileException(source.label(), "path", "'" + m.path() + "' is already the path of " + samePath);
            }
            modules.add(m);
        }
        return new Routes(modules);
    }

    private static JsonObject parse(RouteSources.Source source) {
        JsonElement parsed;
        try {
            JsonReader reader = new JsonReader(new StringReader(source.text()));
            reader.setStrictness(Strictness.STRICT);
            parsed = JsonParser.parseReader(reader);
        } catch (JsonParseException | IllegalStateException e) {
            throw new RouteFileException(source.label(), null, "is not valid JSON: " + e.getMessage());
        }
        if (!parsed.isJsonObject()) {
            throw new RouteFileException(source.label(), null, "must hold one JSON object");
        }
        return parsed.getAsJsonObject();
    }

    private static InteractionPage sharedPage(RouteSources.Source source) {
        return interactionPage(new RouteSpec(source.label(), "", parse(source)));
    }

    private static RouteModule read(RouteSources.Source source, InteractionPage shared) {
        RouteSpec spec = new RouteSpec(source.label(), "", parse(source)).only(TOP);
        String name = spec.string("name");
        if (!name.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw spec.fail("name", "must be lower-case letters, digits and dashes (it becomes a Notion select option)");
        }
        String path = spec.string("path");
        if (!path.matches("/[A-Za-z0-9_./-]*") || path.startsWith("/api/") || path.equals("/health")) {
            throw spec.fail("path", "must be an absolute URL path such as /example/callout, outside /api/ and /health");
        }
        int maxBatch = 0;
        if (spec.has("batch")) {
            RouteSpec batch = spec.object("batch").only(Set.of("max_items"));
            Integer max = batch.whole("max_items", 1, MAX_BATCH);
            maxBatch = max == null ? MAX_BATCH : max;
        }
        List<FieldRule> fields = spec.has("fields") ? fields(spec.object("fields")) : List.of();
        // A module that declares its own page mapping replaces the shared one entirely.
        InteractionPage page = spec.has("interaction_page") ? interactionPage(spec.object("interaction_page")) : shared;
        Effect effect = new Effect.None();
        Optional<FirstVisitRule> firstVisit = Optional.empty();
        if (spec.has("effect")) {
            RouteSpec e = spec.object("effect");
            effect = effect(e);
            firstVisit = firstVisit(e, effect);
        }
        Map<String, Template> automation = automation(spec.has("automation") ? Optional.of(spec.object("automation")) : Optional.empty());
        return new RouteModule(name, path, source.label(), maxBatch, fields, page, effect, firstVisit, automation);
    }

    private static List<FieldRule> fields(RouteSpec spec) {
        List<FieldRule> rules = new ArrayList<>();
        for (String path : spec.keys()) {
            RouteSpec f = spec.object(path).only(Set.of("type", "required", "max_length", "max_items", "min", "max"));
            String root = path.split("\\.")[0];
            if (!EventContext.ROOTS.contains(root) || root.equals("event")) {
                throw spec.fail(path, "is not an event field (fields are event_id, demo_id, action, session_id, guest.*, "
                        + "occurred_at, properties.*)");
            }
            String type = f.string("type");
            if (!FieldRule.TYPES.contains(type)) {
                throw f.fail("type", "'" + type + "' is not a field type (known: " + String.join(", ",
                        FieldRule.TYPES.stream().sorted().toList()) + ")");
            }
            rules.add(new FieldRule(path, type, f.bool("required", false), f.whole("max_length", 1, 200_000),
                    f.whole("max_items", 1, PropertyValues.MAX_LIST_ITEMS), f.number("min"), f.number("max")));
        }
        return rules;
    }

    private static InteractionPage interactionPage(RouteSpec spec) {
        spec.only(Set.of("key_property", "properties"));
        String key = spec.string("key_property");
        PropertyMappings properties = properties(spec.object("properties"));
        PropertyMapping keyMapping = properties.mappings().stream().filter(m -> m.name().equals(key)).findFirst()
                .orElseThrow(() -> spec.fail("key_property", "'" + key + "' must be one of the properties written"));
        if (!keyMapping.type().equals("rich_text") || !keyMapping.value().soleField().equals(Optional.of("event_id"))) {
            throw spec.fail("key_property", "'" + key + "' must be written as rich_text from {{event_id}}: "
                    + "it is how a page is found again after an ambiguous failure");
        }
        return new InteractionPage(key, properties);
    }

    private static PropertyMappings properties(RouteSpec spec) {
        List<PropertyMapping> mappings = new ArrayList<>();
        for (String name : spec.keys()) {
            RouteSpec p = spec.object(name).only(Set.of("type", "value"));
            String type = p.string("type");
            if (!PropertyValues.WRITABLE.contains(type)) {
                throw p.fail("type", "'" + type + "' cannot be written through the API (writable types: "
                        + String.join(", ", PropertyValues.WRITABLE.stream().sorted().toList()) + ")");
            }
            mappings.add(new PropertyMapping(name, type, p.template("value", EventContext.ROOTS)));
        }
        if (mappings.isEmpty()) {
            throw spec.fail(null, "must map at least one property");
        }
        return new PropertyMappings(mappings);
    }

    private static Effect effect(RouteSpec spec) {
        String type = spec.string("type");
        return switch (type) {
            case "none" -> {
                spec.only(Set.of("type"));
                yield new Effect.None();
            }
            case "child_page" -> {
                spec.only(Set.of("type", "title", "paragraphs", "first_visit_of"));
                List<String> texts = spec.strings("paragraphs");
                if (texts.size() > ChildPageEffect.MAX_PARAGRAPHS) {
                    throw spec.fail("paragraphs", "may hold at most " + ChildPageEffect.MAX_PARAGRAPHS + " paragraphs");
                }
                List<Template> paragraphs = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    paragraphs.add(spec.template("paragraphs[" + i + "]", texts.get(i), EventContext.ROOTS));
                }
                yield new ChildPageEffect(spec.template("title", EventContext.ROOTS), paragraphs);
            }
            case "callout" -> {
                spec.only(Set.of("type", "emoji", "text", "color", "first_visit_of"));
                yield new CalloutEffect(spec.template("emoji", spec.string("emoji", ""), EventContext.ROOTS),
                        spec.template("text", EventContext.ROOTS), spec.string("color", null));
            }
            case "demo_properties" -> {
                spec.only(Set.of("type", "properties", "first_visit_of"));
                yield new DemoPropertiesEffect(properties(spec.object("properties")));
            }
            default -> throw spec.fail("type", "'" + type + "' is not an effect (known: none, child_page, callout, demo_properties)");
        };
    }

    private static Optional<FirstVisitRule> firstVisit(RouteSpec spec, Effect effect) {
        List<String> fields = spec.strings("first_visit_of");
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        List<Template> templates = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            if (!EventContext.ROOTS.contains(field.split("\\.")[0]) || field.startsWith("event") || field.contains("{")) {
                throw spec.fail("first_visit_of[" + i + "]", "'" + field + "' must be an event field such as guest.email");
            }
            templates.add(spec.template("first_visit_of[" + i + "]", "{{" + field + "}}", EventContext.ROOTS));
        }
        return Optional.of(new FirstVisitRule(templates));
    }

    private static Map<String, Template> automation(Optional<RouteSpec> spec) {
        Map<String, Template> mapping = new LinkedHashMap<>();
        mapping.put("demo_id", Template.parse("{{page.id}}"));
        mapping.put("action", Template.parse("automation"));
        if (spec.isEmpty()) {
            return mapping;
        }
        for (String field : spec.get().keys()) {
            if (!AUTOMATION_FIELDS.contains(field) && !field.matches("properties\\.[^.]+(\\.[^.]+)*")) {
                throw spec.get().fail(field, "is not an event field an automation can fill (demo_id, action, session_id, "
                        + "guest.name, guest.email, occurred_at, properties.*)");
            }
            mapping.put(field, spec.get().template(field, AUTOMATION_ROOTS));
        }
        return mapping;
    }
}
