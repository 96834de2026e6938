package com.notionrelay.route;

/** An event value a route module cannot use (a field rule or a Notion limit); {@code field} names it. */
public final class InvalidValueException extends RuntimeException {
    private final String field;

    public InvalidValueException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
