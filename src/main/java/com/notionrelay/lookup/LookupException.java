package com.notionrelay.lookup;

/** A lookup that cannot be answered as asked; the message names what is wrong. */
public final class LookupException extends RuntimeException {

    public enum Kind { NOT_FOUND, INVALID }

    private final Kind kind;
    private final String field;

    public LookupException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    static LookupException notFound(String field, String message) {
        return new LookupException(Kind.NOT_FOUND, field, message);
    }

    static LookupException invalid(String field, String message) {
        return new LookupException(Kind.INVALID, field, message);
    }
}
