package com.notionrelay.ingest;

/**
 * A refused request (bad input, or intake closed for shutdown), answered with {@code status} and
 * a JSON error naming the field where there is one; nothing is stored.
 */
public final class InvalidEventException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public InvalidEventException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static InvalidEventException field(String field, String message) {
        return new InvalidEventException(422, "invalid_field", field, field + " " + message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** May be null when the problem is the whole body. */
    public String field() {
        return field;
    }
}
