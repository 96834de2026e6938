package com.notionrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The static half of "release-safe migrations": every migration only adds (tables, nullable columns,
 * indexes), so the previous release still runs on the new schema; and every file is a shipped
 * migration whose number is its file's. PreviousReleaseIT is the running half.
 */
class MigrationsOnlyAddTest {

    private static final Path DIR = Path.of("src", "main", "resources", "db");
    private static final Pattern FILE = Pattern.compile("V(\\d{3})__[a-z0-9_]+\\.sql");
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bDROP\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bRENAME\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bALTER\\s+TABLE\\b[^;]*\\bDROP\\b", Pattern.CASE_INSENSITIVE));

    /** What in a migration would break the release before it: each forbidden statement, by line. */
    static List<String> problems(String sql) {
        StringBuilder code = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            int comment = line.indexOf("--");
            code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (Pattern p : FORBIDDEN) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                int line = code.substring(0, m.start()).split("\n", -1).length;
                out.add("line " + line + ": " + m.group().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    @Test
    void theCheckFindsWhatWouldBreakThePreviousRelease() {
        assertEquals(List.of("line 1: DROP"), problems("DROP TABLE jobs;"));
        assertEquals(List.of("line 2: RENAME"), problems("-- a comment may say DROP\nALTER TABLE jobs RENAME TO work;"));
        assertEquals(List.of("line 1: drop", "line 1: ALTER TABLE jobs drop"), problems("ALTER TABLE jobs drop COLUMN target;"));
        assertEquals(List.of(), problems("ALTER TABLE jobs ADD COLUMN dropped_at INTEGER; -- not DROP\nCREATE INDEX jobs_renamed ON jobs(id);"));
    }

    @Test
    void everyMigrationOnlyAdds() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            problems(Files.readString(file)).forEach(p -> found.add(file.getFileName() + " " + p));
        }
        assertEquals(List.of(), found, "a migration must only add: the previous release runs on the new schema "
                + "(drop or rename in a later release, once no running release reads it)");
    }

    @Test
    void everyFileIsAShippedMigrationNumberedAsItsName() throws IOException {
        List<String> files = files().stream().map(f -> f.getFileName().toString()).toList();
        List<String> shipped = Migrations.SHIPPED.stream().map(m -> Path.of(m.resource()).getFileName().toString()).sorted().toList();
        assertEquals(files, shipped, "each db/V*.sql has one entry in Migrations.SHIPPED, and each entry a file");
        for (Migration m : Migrations.SHIPPED) {
            Matcher name = FILE.matcher(Path.of(m.resource()).getFileName().toString());
            assertEquals(true, name.matches(), m.resource() + " is named VNNN__words.sql");
            assertEquals(m.version(), Integer.parseInt(name.group(1)), m.resource());
        }
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
    }
}
