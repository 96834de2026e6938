package com.notionrelay.notion;

/** A value that Notion would refuse for a property of the given type; the message says why. */
public final class PropertyValueException extends RuntimeException {
    public PropertyValueException(String message) {
        super(message);
    }
}
