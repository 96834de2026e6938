package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Evaluates the filter and sorts of POST /v1/data_sources/{id}/query over the store. */
final class QueryEngine {
    private static final Set<String> TEXT_TYPES = Set.of("title", "rich_text", "url", "email", "phone_number");
    private static final Set<String> DATE_TYPES = Set.of("date", "created_time", "last_edited_time");
    private static final Set<String> ID_LIST_TYPES = Set.of("relation", "people", "created_by", "last_edited_by");

    private final Store store;

    QueryEngine(Store store) {
        this.store = store;
    }

    /** Matching, non-trashed pages of the data source in result order (default: creation order). */
    List<Store.Page> run(Store.DataSource ds, JsonObject body) {
        Predicate<Store.Page> filter = Json.isNull(body.get("filter")) ? p -> true : compile(ds, body.get("filter"), "body.filter");
        List<Store.Page> result = new ArrayList<>();
        Instant now = Instant.now();
        for (Store.Page page : store.pages.values()) {
            // a page the index has not caught up with yet is missing from results, as in Notion
            if (page.indexedAt.isAfter(now)) continue;
            if (ds.id.equals(page.dataSourceId) && !page.inTrash && filter.test(page)) result.add(page);
        }
        Comparator<Store.Page> order = sorts(ds, body.get("sorts"));
        if (order != null) result.sort(order); // List.sort is stable: ties keep creation order
        return result;
    }

    // ------------------------------------------------------------------ filters

    private Predicate<Store.Page> compile(Store.DataSource ds, JsonElement raw, String path) {
        if (raw == null || !raw.isJsonObject()) {
            throw NotionException.validation(path + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        JsonObject f = raw.getAsJsonObject();
        if (f.has("and") || f.has("or")) {
            boolean and = f.has("and");
            String key = and ? "and" : "or";
            JsonElement list = f.get(key);
            if (list == null || !list.isJsonArray()) {
                throw NotionException.validation(path + "." + key + " should be an array, instead was `" + Json.show(list) + "`.");
            }
            List<Predicate<Store.Page>> parts = new ArrayList<>();
            JsonArray items = list.getAsJsonArray();
            for (int i = 0; i < items.size(); i++) parts.add(compile(ds, items.get(i), path + "." + key + "[" + i + "]"));
            return and ? p -> parts.stream().allMatch(x -> x.test(p)) : p -> parts.stream().anyMatch(x -> x.test(p));
        }
        String timestamp = Json.string(f, "timestamp");
        if (timestamp != null) {
            if (!timestamp.equals("created_time") && !timestamp.equals("last_edited_time")) {
                throw NotionException.validation(path + ".timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `\"" + timestamp + "\"`.");
            }
            Function<Store.Page, Instant> get = timestamp.equals("created_time") ? p -> p.created : p -> p.lastEdited;
            return dateCondition(f.get(timestamp), path + "." + timestamp, p -> new DateValue(get.apply(p), false));
        }
        String propertyKey = Json.string(f, "property");
        if (propertyKey == null) {
            throw NotionException.validation(path + " should have `property`, `timestamp`, `and` or `or`, instead was `" + Json.show(raw) + "`.");
        }
        JsonObject prop = PropertyWriter.findProperty(ds.schema, propertyKey);
        if (prop == null) {
            throw NotionException.validation("Could not find property with name or id: " + propertyKey);
        }
        String type = prop.get("type").getAsString();
        String name = prop.get("name").getAsString();
        String conditionKey = f.keySet().stream().filter(k -> !k.equals("property") && !k.equals("type")).findFirst().orElse(null);
        if (conditionKey == null) {
            throw NotionException.validation(path + " should define a " + type + " condition.");
        }
        if (!compatible(conditionKey, type)) {
            throw NotionException.validation(path + "." + conditionKey + ": filter type does not match property \"" + name
                    + "\" of type " + type + ".");
        }
        JsonElement condition = f.get(conditionKey);
        String cp = path + "." + conditionKey;
        if (TEXT_TYPES.contains(type)) return textCondition(condition, cp, p -> text(p, name, type));
        if (DATE_TYPES.contains(type)) return dateCondition(condition, cp, p -> dateOf(p, name, type));
        if (ID_LIST_TYPES.contains(type)) return listCondition(condition, cp, p -> ids(p, name, type), true);
        return switch (type) {
            case "number" -> numberCondition(condition, cp, p -> number(p.values.get(name)));
            case "unique_id" -> numberCondition(condition, cp, p -> p.uniqueNumber == null ? null : p.uniqueNumber.doubleValue());
            case "checkbox" -> checkboxCondition(condition, cp, name);
            case "select", "status" -> optionCondition(condition, cp, name);
            case "multi_select" -> listCondition(condition, cp, p -> optionNames(p.values.get(name)), false);
            default -> throw NotionException.notModelled("filters on " + type + " properties");
        };
    }

    /** Notion accepts any text filter key on any text-like property. */
    private static boolean compatible(String conditionKey, String type) {
        if (TEXT_TYPES.contains(type)) return TEXT_TYPES.contains(conditionKey);
        if (DATE_TYPES.contains(type)) return conditionKey.equals("date") || conditionKey.equals(type);
        if (type.equals("created_by") || type.equals("last_edited_by")) return conditionKey.equals("people") || conditionKey.equals(type);
        return conditionKey.equals(type);
    }

    private static JsonObject conditionObject(JsonElement raw, String path) {
        if (raw == null || !raw.isJsonObject() || raw.getAsJsonObject().size() != 1) {
            throw NotionException.validation(path + " should be an object with exactly one condition, instead was `" + Json.show(raw) + "`.");
        }
        return raw.getAsJsonObject();
    }

    private static String operand(JsonObject c, String op, String path) {
        JsonElement v = c.get(op);
        if (!Json.isString(v)) {
            throw NotionException.validation(path + "." + op + " should be a string, instead was `" + Json.show(v) + "`.");
        }
        return v.getAsString();
    }

    private static Predicate<Store.Page> emptiness(String op, JsonObject c, String path, Predicate<Store.Page> isEmpty) {
        if (!Json.isBoolean(c.get(op)) || !c.get(op).getAsBoolean()) {
            throw NotionException.validation(path + "." + op + " should be `true`, instead was `" + Json.show(c.get(op)) + "`.");
        }
        return op.equals("is_empty") ? isEmpty : isEmpty.negate();
    }

    private Predicate<Store.Page> textCondition(JsonElement raw, String path, Function<Store.Page, String> get) {
        JsonObject c = conditionObject(raw, path);
        String op = c.keySet().iterator().next();
        if (op.equals("is_empty") || op.equals("is_not_empty")) return emptiness(op, c, path, p -> get.apply(p).isEmpty());
        String v = operand(c, op, path);
        String lower = v.toLowerCase(Locale.ROOT);
        // equals is exact; contains-style operators are case-insensitive, as in the Notion UI.
        return switch (op) {
            case "equals" -> p -> get.apply(p).equals(v);
            case "does_not_equal" -> p -> !get.apply(p).equals(v);
            case "contains" -> p -> get.apply(p).toLowerCase(Locale.ROOT).contains(lower);
            case "does_not_contain" -> p -> !get.apply(p).toLowerCase(Locale.ROOT).contains(lower);
            case "starts_with" -> p -> get.apply(p).toLowerCase(Locale.ROOT).startsWith(lower);
            case "ends_with" -> p -> get.apply(p).toLowerCase(Locale.ROOT).endsWith(lower);
            default -> throw NotionException.validation(path + "." + op + " is not a text filter condition.");
        };
    }

    private Predicate<Store.Page> numberCondition(JsonElement raw, String path, Function<Store.Page, Double> get) {
        JsonObject c = conditionObject(raw, path);
        String op = c.keySet().iterator().next();
        if (op.equals("is_empty") || op.equals("is_not_empty")) return emptiness(op, c, path, p -> get.apply(p) == null);
        if (!Json.isNumber(c.get(op))) {
            throw NotionException.validation(path + "." + op + " should be a number, instead was `" + Json.show(c.get(op)) + "`.");
        }
        double v = c.get(op).getAsDouble();
        Predicate<Double> test = switch (op) {
            case "equals" -> x -> x == v;
            case "does_not_equal" -> x -> x != v;
            case "greater_than" -> x -> x > v;
            case "less_than" -> x -> x < v;
            case "greater_than_or_equal_to" -> x -> x >= v;
            case "less_than_or_equal_to" -> x -> x <= v;
            default -> throw NotionException.validation(path + "." + op + " is not a number filter condition.");
        };
        return p -> {
            Double x = get.apply(p);
            return x != null ? test.test(x) : op.equals("does_not_equal");
        };
    }

    private Predicate<Store.Page> checkboxCondition(JsonElement raw, String path, String name) {
        JsonObject c = conditionObject(raw, path);
        String op = c.keySet().iterator().next();
        if (!Json.isBoolean(c.get(op)) || !(op.equals("equals") || op.equals("does_not_equal"))) {
            throw NotionException.validation(path + " should be {\"equals\"|\"does_not_equal\": boolean}, instead was `" + Json.show(raw) + "`.");
        }
        boolean v = c.get(op).getAsBoolean();
        return p -> {
            JsonElement stored = p.values.get(name);
            boolean checked = stored != null && stored.getAsBoolean();
            return op.equals("equals") == (checked == v);
        };
    }

    private Predicate<Store.Page> optionCondition(JsonElement raw, String path, String name) {
        JsonObject c = conditionObject(raw, path);
        String op = c.keySet().iterator().next();
        Function<Store.Page, String> get = p -> {
            JsonElement v = p.values.get(name);
            return Json.isNull(v) ? null : v.getAsJsonObject().get("name").getAsString();
        };
        if (op.equals("is_empty") || op.equals("is_not_empty")) return emptiness(op, c, path, p -> get.apply(p) == null);
        String v = operand(c, op, path);
        return switch (op) {
            case "equals" -> p -> v.equals(get.apply(p));
            case "does_not_equal" -> p -> !v.equals(get.apply(p));
            default -> throw NotionException.validation(path + "." + op + " is not a select filter condition.");
        };
    }

    /** contains / does_not_contain over relation ids, people ids or multi-select option names. */
    private Predicate<Store.Page> listCondition(JsonElement raw, String path, Function<Store.Page, List<String>> get, boolean ids) {
        JsonObject c = conditionObject(raw, path);
        String op = c.keySet().iterator().next();
        if (op.equals("is_empty") || op.equals("is_not_empty")) return emptiness(op, c, path, p -> get.apply(p).isEmpty());
        String v = ids ? Ids.require(operand(c, op, path), path + "." + op) : operand(c, op, path);
        return switch (op) {
            case "contains" -> p -> get.apply(p).contains(v);
            case "does_not_contain" -> p -> !get.apply(p).contains(v);
            default -> throw NotionException.validation(path + "." + op + " is not a valid condition here.");
        };
    }

    /** A date or timestamp; dateOnly when the stored value has no time (compared by day). */
    private record DateValue(Instant instant, boolean dateOnly) {}

    private Predicate<Store.Page> dateCondition(JsonElement raw, String path, Function<Store.Page, DateValue> get) {
        JsonObject c = conditionObject(raw, path);
        String op = c.keySet().iterator().next();
        if (op.equals("is_empty") || op.equals("is_not_empty")) return emptiness(op, c, path, p -> get.apply(p) == null);
        if (Set.of("past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week").contains(op)) {
            throw NotionException.notModelled("relative date filter " + op);
        }
        String v = operand(c, op, path);
        DateValue bound = parseDate(v);
        if (bound == null) {
            throw NotionException.validation(path + "." + op + " should be a valid ISO 8601 date string, instead was `\"" + v + "\"`.");
        }
        Predicate<Integer> test = switch (op) {
            case "equals" -> cmp -> cmp == 0;
            case "before" -> cmp -> cmp < 0;
            case "after" -> cmp -> cmp > 0;
            case "on_or_before" -> cmp -> cmp <= 0;
            case "on_or_after" -> cmp -> cmp >= 0;
            default -> throw NotionException.validation(path + "." + op + " is not a date filter condition.");
        };
        return p -> {
            DateValue x = get.apply(p);
            if (x == null) return false;
            // A date-only bound (or value) compares whole UTC days; otherwise exact instants.
            if (bound.dateOnly || x.dateOnly) {
                LocalDate a = LocalDate.ofInstant(x.instant, ZoneOffset.UTC);
                LocalDate b = LocalDate.ofInstant(bound.instant, ZoneOffset.UTC);
                return test.test(a.compareTo(b));
            }
            return test.test(x.instant.compareTo(bound.instant));
        };
    }

    static DateValue parseDate(String s) {
        try {
            return new DateValue(OffsetDateTime.parse(s).toInstant(), false);
        } catch (DateTimeParseException ignored) {
            // try the other ISO forms
        }
        try {
            return new DateValue(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC), false);
        } catch (DateTimeParseException ignored) {
            // try date only
        }
        try {
            return new DateValue(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC), true);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ values

    private static String text(Store.Page p, String name, String type) {
        JsonElement v = p.values.get(name);
        if (Json.isNull(v)) return "";
        return type.equals("title") || type.equals("rich_text") ? Renderer.plainText(v) : v.getAsString();
    }

    private static DateValue dateOf(Store.Page p, String name, String type) {
        if (type.equals("created_time")) return new DateValue(p.created, false);
        if (type.equals("last_edited_time")) return new DateValue(p.lastEdited, false);
        JsonElement v = p.values.get(name);
        return Json.isNull(v) ? null : parseDate(v.getAsJsonObject().get("start").getAsString());
    }

    private static List<String> ids(Store.Page p, String name, String type) {
        if (type.equals("created_by") || type.equals("last_edited_by")) return List.of(Store.BOT_ID);
        JsonElement v = p.values.get(name);
        List<String> out = new ArrayList<>();
        if (v != null && v.isJsonArray()) v.getAsJsonArray().forEach(i -> out.add(i.getAsJsonObject().get("id").getAsString()));
        return out;
    }

    private static List<String> optionNames(JsonElement v) {
        List<String> out = new ArrayList<>();
        if (v != null && v.isJsonArray()) v.getAsJsonArray().forEach(i -> out.add(i.getAsJsonObject().get("name").getAsString()));
        return out;
    }

    private static Double number(JsonElement v) {
        return Json.isNull(v) ? null : v.getAsDouble();
    }

    // ------------------------------------------------------------------ sorts

    private Comparator<Store.Page> sorts(Store.DataSource ds, JsonElement raw) {
        if (Json.isNull(raw)) return null;
        if (!raw.isJsonArray()) {
            throw NotionException.validation("body.sorts should be an array, instead was `" + Json.show(raw) + "`.");
        }
        Comparator<Store.Page> order = null;
        JsonArray items = raw.getAsJsonArray();
        for (int i = 0; i < items.size(); i++) {
            String path = "body.sorts[" + i + "]";
            if (!items.get(i).isJsonObject()) throw NotionException.validation(path + " should be an object.");
            JsonObject s = items.get(i).getAsJsonObject();
            String direction = Json.string(s, "direction");
            if (!"ascending".equals(direction) && !"descending".equals(direction)) {
                throw NotionException.validation(path + ".direction should be `\"ascending\"` or `\"descending\"`, instead was `" + Json.show(s.get("direction")) + "`.");
            }
            Function<Store.Page, Comparable<?>> key = sortKey(ds, s, path);
            Comparator<Store.Page> one = keyComparator(key, direction.equals("descending"));
            order = order == null ? one : order.thenComparing(one);
        }
        return order;
    }

    private Function<Store.Page, Comparable<?>> sortKey(Store.DataSource ds, JsonObject s, String path) {
        String timestamp = Json.string(s, "timestamp");
        if (timestamp != null) {
            return switch (timestamp) {
                case "created_time" -> p -> p.created;
                case "last_edited_time" -> p -> p.lastEdited;
                default -> throw NotionException.validation(path + ".timestamp should be `\"created_time\"` or `\"last_edited_time\"`.");
            };
        }
        String key = Json.string(s, "property");
        JsonObject prop = key == null ? null : PropertyWriter.findProperty(ds.schema, key);
        if (prop == null) throw NotionException.validation("Could not find sort property with name or id: " + key);
        String name = prop.get("name").getAsString();
        String type = prop.get("type").getAsString();
        return p -> {
            if (TEXT_TYPES.contains(type)) {
                String t = text(p, name, type);
                return t.isEmpty() ? null : t;
            }
            if (DATE_TYPES.contains(type)) {
                DateValue d = dateOf(p, name, type);
                return d == null ? null : d.instant;
            }
            JsonElement v = p.values.get(name);
            return switch (type) {
                case "number" -> number(v);
                case "unique_id" -> p.uniqueNumber;
                case "checkbox" -> v != null && v.getAsBoolean();
                case "select", "status" -> Json.isNull(v) ? null : v.getAsJsonObject().get("name").getAsString();
                default -> Json.isNull(v) ? null : Json.write(v);
            };
        };
    }

    /** Empty values sort last in both directions, like Notion. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Store.Page> keyComparator(Function<Store.Page, Comparable<?>> key, boolean descending) {
        return (a, b) -> {
            Comparable ka = key.apply(a);
            Comparable kb = key.apply(b);
            if (Objects.equals(ka, kb)) return 0;
            if (ka == null) return 1;
            if (kb == null) return -1;
            int cmp = ka.compareTo(kb);
            return descending ? -cmp : cmp;
        };
    }

}
