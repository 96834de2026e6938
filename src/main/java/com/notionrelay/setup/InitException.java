package com.notionrelay.setup;

/** Why {@code init} stopped, worded as what the person running it should do. */
public final class InitException extends RuntimeException {
    public InitException(String message) {
        super(message);
    }
}
