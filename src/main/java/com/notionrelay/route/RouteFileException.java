package com.notionrelay.route;

import java.nio.file.Path;

/** A route file the relay cannot run with: one line naming the file, the key and the problem. */
public final class RouteFileException extends RuntimeException {
    /** @param file the file's path, or its resource name for a shipped one */
    public RouteFileException(String file, String key, String problem) {
        super("route file " + file + (key == null || key.isEmpty() ? "" : ", key " + key) + ": " + problem);
    }

    private RouteFileException(String message) {
        super(message);
    }

    /** The routes directory itself is the problem (missing, unreadable, empty). */
    public static RouteFileException directory(Path dir, String problem) {
        return new RouteFileException("routes directory " + dir + " (setting relay.routes_dir, RELAY_ROUTES_DIR): " + problem);
    }
}
