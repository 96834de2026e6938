package com.notionrelay.route;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where route files come from: the shipped ones, resources inside the jar (so the jar runs from
 * any directory), then a directory's {@code *.json} files, each adding a file or replacing the
 * shipped one of the same name. Keyed and ordered by file name.
 */
final class RouteSources {

    /** One route file's text and the name errors call it by. */
    record Source(String label, String text) {
    }

    /** The modules inside the jar, under {@code routes/} on the class path, besides the shared mapping. */
    static final List<String> SHIPPED = List.of("callout.json", "child-pages.json", "database-page.json",
            "database-pages.json", "guest-welcome.json", "property-injections.json");

    private static final String RESOURCE_DIR = "routes/";

    private RouteSources() {
    }

    static Map<String, Source> shipped() {
        List<String> names = new ArrayList<>(SHIPPED);
        names.add(RouteFiles.SHARED_PAGE);
        Map<String, Source> out = new TreeMap<>();
        for (String name : names) {
            String resource = RESOURCE_DIR + name;
            try (InputStream in = RouteSources.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("shipped route file missing from the build: " + resource);
                }
                out.put(name, new Source(resource + " (built in)", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the shipped route file " + resource, e);
            }
        }
        return out;
    }

    /**
     * @param required when false a missing {@code dir} just means the shipped files (the default
     *                 {@code routes/} need not exist); a directory a user named must.
     */
    static Map<String, Source> withDirectory(Path dir, boolean required) {
        Map<String, Source> out = shipped();
        if (!Files.isDirectory(dir)) {
            if (required) {
                throw RouteFileException.directory(dir, "does not exist");
            }
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw RouteFileException.directory(dir, "cannot be listed: " + e.getMessage());
        }
        for (Path file : files) {
            try {
                out.put(file.getFileName().toString(), new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new RouteFileException(file.toString(), null, "cannot be read: " + e.getMessage());
            }
        }
        return out;
    }
}
