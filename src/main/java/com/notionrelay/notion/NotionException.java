package com.notionrelay.notion;

/** Carries a classified {@link NotionError}; callers read its kind, they never re-inspect the status. */
public final class NotionException extends Exception {
    private final transient NotionError error;

    public NotionException(NotionError error) {
        super(error.describe());
        this.error = error;
    }

    public NotionError error() {
        return error;
    }
}
