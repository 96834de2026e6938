package com.notionrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.notionrelay.app.Storage;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.RelayProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running half of "release-safe migrations" (the seeds' post-mortem: a migration the running
 * release could not live with). The previous release, the commit recorded in
 * {@code .ci/previous-release}, is built from git history; a database is migrated by this code;
 * the previous release's jar must then start on it, accept an event and deliver it to the fake
 * Notion. Its build is kept under {@code target/previous-release/<commit>} for the next run.
 */
class PreviousReleaseIT {

    private static final Path RECORD = Path.of(".ci", "previous-release");
    private static final Path BUILDS = Path.of("target", "previous-release").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void thePreviousReleaseStartsAcceptsAndDeliversOnADatabaseThisCodeMigrated() throws Exception {
        String commit = resolve(recordedCommit());
        Path source = BUILDS.resolve(commit);
        Path jar = build(commit, source);
        shippedMigrationsAreUnchanged(source);

        Path db = dir.resolve("relay.db");
        try (Storage storage = Storage.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.SHIPPED.get(Migrations.SHIPPED.size() - 1).version(), Migrations.currentVersion(storage.db));
        }

        try (DemoWorkspace ws = new DemoWorkspace()) {
            int port = RelayProcess.freePort();
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_PORT", Integer.toString(port));
            env.put("RELAY_DB", db.toString());
            env.put("RELAY_SYNC_INTERVAL", "0");
            Path log = dir.resolve("previous-release.log");
            // In its own source tree: that release read its route files from routes/ in the working directory.
            Process previous = RelayProcess.start(jar, source, env, log);
            String base = "http://127.0.0.1:" + port;
            try {
                awaitHealthy(base, previous, log);
                String body = "{\"event_id\":\"from-the-past\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
                assertEquals(202, RelayProcess.post(base, "/example/database/page", body).status(), tail(log));
                RelayProcess.awaitDelivered(base, "from-the-past");
            } finally {
                previous.destroy();
                previous.waitFor();
            }
            List<JsonObject> pages = ws.notion.pagesIn(ws.interactions.dataSourceId());
            assertEquals(1, pages.size());
            assertEquals("from-the-past", DemoWorkspace.text(pages.get(0), "Event ID"));
        }
    }

    /** The first line of the record that is not a comment. */
    private static String recordedCommit() throws IOException {
        return Files.readAllLines(RECORD).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow(() -> new AssertionError(RECORD + " names no commit"));
    }

    private static String resolve(String commit) throws Exception {
        Run r = run(Path.of("."), 60, "git", "rev-parse", "--verify", "--quiet", commit + "^{commit}");
        if (r.code() != 0) {
            fail("commit " + commit + " (from " + RECORD + ") is not in this clone's history: the check needs the full "
                    + "history (git fetch --unshallow)\n" + r.output());
        }
        return r.output().strip();
    }

    /** git archive of the commit, then {@code mvn -o package} in it; reused when already built. */
    private static Path build(String commit, Path source) throws Exception {
        Path jar = source.resolve("target").resolve("notion-relay.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        deleteTree(source);
        Files.createDirectories(source);
        Path tar = BUILDS.resolve(commit + ".tar");
        Run archive = run(Path.of("."), 120, "git", "archive", "--format=tar", "-o", tar.toString(), commit);
        assertEquals(0, archive.code(), archive.output());
        Run untar = run(source, 120, "tar", "-xf", tar.toString());
        assertEquals(0, untar.code(), untar.output());
        Files.delete(tar);
        List<String> mvn = new ArrayList<>(List.of(mavenCommand(), "-o", "-q", "-B", "-ntp", "-Dmaven.test.skip=true"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        mvn.add("package");
        Run build = run(source, 900, mvn.toArray(String[]::new));
        assertEquals(0, build.code(), "building " + commit + " offline failed:\n" + build.output());
        assertTrue(Files.exists(jar), "the previous release's build made no " + jar);
        return jar;
    }

    private static String mavenCommand() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    /** "Never edit a migration that shipped": the previous release's files are here, byte for byte. */
    private static void shippedMigrationsAreUnchanged(Path source) throws IOException {
        Path old = source.resolve("src/main/resources/db");
        try (Stream<Path> files = Files.list(old)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                Path now = Path.of("src/main/resources/db").resolve(f.getFileName());
                assertTrue(Files.exists(now), f.getFileName() + " shipped in the previous release and is gone");
                assertEquals(Files.readString(f), Files.readString(now), f.getFileName() + " changed after it shipped");
            }
        }
    }

    private static void awaitHealthy(String base, Process process, Path log) throws IOException {
        try {
            RelayProcess.awaitHealthy(base);
        } catch (AssertionError e) {
            fail("the previous release did not start on the migrated database (alive: " + process.isAlive() + "):\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private record Run(int code, String output) {
    }

    private static Run run(Path workDir, int timeoutSeconds, String... command) throws Exception {
        Path out = Files.createTempFile("previous-release", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " took more than " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
