package com.notionrelay.config;

/** A setting with a value the relay cannot run with; the message is the one line shown at start-up. */
public final class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String setting, String value, String problem) {
        super("setting " + setting + " (" + SettingsLoader.envName(setting) + ")"
                + (value == null ? "" : " = '" + value + "'") + ": " + problem);
    }
}
