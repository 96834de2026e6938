package com.notionrelay.route;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A value template from a route file: literal text with {@code {{dotted.path}}} placeholders,
 * each optionally with a fallback after a bar, {@code {{guest.name|there}}}. A path walks objects
 * by key and arrays by index ({@code {{page.properties.Demo.0}}}). A template that is exactly one
 * placeholder keeps the value's JSON type (a boolean stays a boolean, a list a list); any other
 * template renders as text, with missing values as empty text.
 */
public final class Template {

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(List<String> path, String fallback) implements Part {
        String dotted() {
            return String.join(".", path);
        }
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** @throws IllegalArgumentException naming what is wrong with the text */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Literal(text.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Literal(text.substring(i, open)));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'{{' at character " + open + " is never closed with '}}'");
            }
            parts.add(placeholder(text.substring(open + 2, close).strip()));
            i = close + 2;
        }
        if (parts.stream().anyMatch(p -> p instanceof Literal l && l.text().contains("}}"))) {
            throw new IllegalArgumentException("'}}' without an opening '{{'");
        }
        return new Template(text, parts);
    }

    private static Placeholder placeholder(String inside) {
        if (inside.contains("{{")) {
            throw new IllegalArgumentException("'{{" + inside + "}}': placeholders cannot nest");
        }
        int bar = inside.indexOf('|');
        String path = (bar < 0 ? inside : inside.substring(0, bar)).strip();
        String fallback = bar < 0 ? null : inside.substring(bar + 1);
        if (!path.matches("[A-Za-z0-9_$][A-Za-z0-9_ $-]*(\\.[A-Za-z0-9_$][A-Za-z0-9_ $-]*)*")) {
            throw new IllegalArgumentException("'{{" + inside + "}}' is not a dotted path such as {{guest.name}}");
        }
        return new Placeholder(List.of(path.split("\\.")), fallback);
    }

    /** The first segment of every placeholder, so a loader can refuse unknown names. */
    public List<String> roots() {
        return parts.stream().filter(p -> p instanceof Placeholder).map(p -> ((Placeholder) p).path().get(0)).toList();
    }

    /** The dotted path when the template is exactly one placeholder: the event field an error names. */
    public Optional<String> soleField() {
        return parts.size() == 1 && parts.get(0) instanceof Placeholder p ? Optional.of(p.dotted()) : Optional.empty();
    }

    /** The value for {@code context}; null when it is missing and no fallback is given. */
    public JsonElement value(JsonObject context) {
        if (parts.size() == 1 && parts.get(0) instanceof Placeholder p) {
            return resolve(p, context);
        }
        return new JsonPrimitive(text(context));
    }

    /**
     * As {@link #value}, but a value read from the context is the context's own, not a copy: for a
     * caller that only reads it (a Notion property value is built from it, never holding it).
     */
    JsonElement read(JsonObject context) {
        if (parts.size() == 1 && parts.get(0) instanceof Placeholder p) {
            return lookUp(p, context);
        }
        return new JsonPrimitive(text(context));
    }

    /** The template rendered as text; missing values render as empty text. */
    public String text(JsonObject context) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                sb.append(l.text());
            } else {
                sb.append(asText(lookUp((Placeholder) part, context)));
            }
        }
        return sb.toString();
    }

    /** Text of a resolved value: strings as they are, numbers and booleans as written, objects and lists as JSON. */
    public static String asText(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static JsonElement resolve(Placeholder p, JsonObject context) {
        JsonElement found = lookUp(p, context);
        return found == null ? null : found.deepCopy();
    }

    /** The value at the placeholder's path, or its fallback; not copied. */
    private static JsonElement lookUp(Placeholder p, JsonObject context) {
        JsonElement current = context;
        for (String segment : p.path()) {
            current = step(current, segment);
            if (current == null) {
                break;
            }
        }
        boolean empty = current == null || current.isJsonNull()
                || (current.isJsonPrimitive() && current.getAsJsonPrimitive().isString() && current.getAsString().isEmpty());
        if (empty) {
            return p.fallback() == null ? null : new JsonPrimitive(p.fallback());
        }
        return current;
    }

    private static JsonElement step(JsonElement from, String segment) {
        if (from != null && from.isJsonObject()) {
            return from.getAsJsonObject().get(segment);
        }
        if (from != null && from.isJsonArray() && segment.matches("\\d{1,4}")) {
            int index = Integer.parseInt(segment);
            return index < from.getAsJsonArray().size() ? from.getAsJsonArray().get(index) : null;
        }
        return null;
    }

    @Override
    public String toString() {
        return source;
    }
}
