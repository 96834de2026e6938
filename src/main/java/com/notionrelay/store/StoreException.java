package com.notionrelay.store;

/** SQLite failed in a way the caller cannot fix (disk full, corrupt file, a bug in our SQL). */
public sealed class StoreException extends RuntimeException permits StoreBusyException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
