package com.notionrelay.route;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One object of a route file being read, knowing its key path so every problem names file and key. */
final class RouteSpec {

    private final String file;
    private final String prefix;
    private final JsonObject object;

    RouteSpec(String file, String prefix, JsonObject object) {
        this.file = file;
        this.prefix = prefix;
        this.object = object;
    }

    String key(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    RouteFileException fail(String name, String problem) {
        return new RouteFileException(file, name == null ? prefix : key(name), problem);
    }

    /** Refuses keys the format does not know, so a typo is not silently ignored. */
    RouteSpec only(Set<String> known) {
        for (String k : object.keySet()) {
            if (!known.contains(k)) {
                throw fail(k, "is not a known key here (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    boolean has(String name) {
        return object.has(name) && !object.get(name).isJsonNull();
    }

    Set<String> keys() {
        return object.keySet();
    }

    String string(String name) {
        if (!has(name)) {
            throw fail(name, "is required");
        }
        JsonElement e = object.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw fail(name, "must be a string");
        }
        return e.getAsString();
    }

    String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonElement e = object.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw fail(name, "must be true or false");
        }
        return e.getAsBoolean();
    }

    Double number(String name) {
        if (!has(name)) {
            return null;
        }
        JsonElement e = object.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw fail(name, "must be a number");
        }
        return e.getAsDouble();
    }

    Integer whole(String name, int min, int max) {
        Double d = number(name);
        if (d == null) {
            return null;
        }
        if (d != Math.floor(d) || d < min || d > max) {
            throw fail(name, "must be a whole number from " + min + " to " + max);
        }
        return d.intValue();
    }

    RouteSpec object(String name) {
        if (!has(name)) {
            throw fail(name, "is required");
        }
        if (!object.get(name).isJsonObject()) {
            throw fail(name, "must be an object");
        }
        return new RouteSpec(file, key(name), object.getAsJsonObject(name));
    }

    List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        if (!object.get(name).isJsonArray()) {
            throw fail(name, "must be a list of strings");
        }
        JsonArray a = object.getAsJsonArray(name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw fail(name + "[" + i + "]", "must be a string");
            }
            out.add(e.getAsString());
        }
        return out;
    }

    /** A template, checked to parse and to read only the given root names. */
    Template template(String name, Set<String> roots) {
        return template(name, string(name), roots);
    }

    Template template(String name, String text, Set<String> roots) {
        Template t;
        try {
            t = Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw fail(name, "bad template: " + e.getMessage());
        }
        for (String root : t.roots()) {
            if (!roots.contains(root)) {
                throw fail(name, "template reads '" + root + "', which is not known here (known: "
                        + String.join(", ", roots.stream().sorted().toList()) + ")");
            }
        }
        return t;
    }
}
