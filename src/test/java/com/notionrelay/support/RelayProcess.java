package com.notionrelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** A relay jar started as a child process (for *IT tests run after {@code package}), and how to talk to it. */
public final class RelayProcess {

    /** The jar {@code mvn package} builds, which integration tests start. */
    public static final Path JAR = Path.of("target", "notion-relay.jar").toAbsolutePath();

    private RelayProcess() {
    }

    /** {@code java -jar JAR serve} in {@code workDir} with {@code env} added, its output in {@code log}. */
    public static Process start(Path jar, Path workDir, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve");
        pb.directory(workDir.toFile());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    public static void awaitHealthy(String base) {
        Eventually.await("relay healthy", Duration.ofSeconds(30), () -> {
            try {
                return TestRelay.call(new Request.Builder().url(base + "/health").build()).status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
    }

    public static TestRelay.Answer post(String base, String path, String json) {
        return TestRelay.call(new Request.Builder().url(base + path)
                .post(RequestBody.create(json, MediaType.get("application/json"))).build());
    }

    /** The event's status on /api/events/{id}, "missing" or "unreachable". */
    public static String status(String base, String eventId) {
        try {
            TestRelay.Answer a = TestRelay.call(new Request.Builder().url(base + "/api/events/" + eventId).build());
            return a.status() == 200 ? a.json().get("status").getAsString() : "missing";
        } catch (UncheckedIOException e) {
            return "unreachable";
        }
    }

    public static void awaitDelivered(String base, String... eventIds) {
        for (String id : eventIds) {
            Eventually.await(id + " delivered", Duration.ofSeconds(60), () -> "delivered".equals(status(base, id)));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
