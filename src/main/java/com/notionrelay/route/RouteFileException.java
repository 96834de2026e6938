package com.notionrelay.route;

import java.nio.file.Path;

/** A route file the relay cannot run with: one line naming the file, the key and the problem. */
public final class RouteFileException extends RuntimeException {
    public RouteFileException(Path file, String key, String problem) {
        super("route file " + file + (key == null || key.isEmpty() ? "" : ", key " + key) + ": " + problem);
    }
}
