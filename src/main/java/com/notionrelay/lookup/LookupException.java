package com.notionrelay.lookup;

/** A lookup that cannot be answered as asked; the message names what is wrong. */
public final class LookupException extends RuntimeException {

    public enum Kind {
        NOT_FOUND,
        INVALID,
        /** A property outside RELAY_PUBLIC_PROPERTIES asked for without the admin token. */
        NOT_PUBLIC,
        /** The answer would be larger than a reader may be sent. */
        TOO_LARGE
    }

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
