package com.notionrelay.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a Java Flight Recording of the relay under load and says where its time went: each
 * on-CPU sample is charged to the innermost frame that belongs to a known part (SQLite, JSON,
 * HTTP, the relay's own validation or store code); JDK frames in between are charged to their caller.
 * Samples of threads inside SQLite's native code (its own work and the fsync of each commit) are
 * counted apart, since JFR takes them as native-method samples.
 */
final class JfrBreakdown {

    /** A part of the request path, known by where its classes live. */
    private record Part(String name, List<String> prefixes) {
    }

    private static final List<Part> PARTS = List.of(
            new Part("SQLite (sqlite-jdbc)", List.of("org.sqlite.")),
            new Part("JSON (Gson)", List.of("com.google.gson.")),
            new Part("store (relay: inbox, group commit)", List.of("com.notionrelay.store.")),
            new Part("validation and Notion bodies (relay: ingest, route, notion, event)",
                    List.of("com.notionrelay.ingest.", "com.notionrelay.route.", "com.notionrelay.notion.",
                            "com.notionrelay.event.")),
            new Part("HTTP (Jetty, Spark, sockets)", List.of("org.eclipse.jetty.", "spark.", "javax.servlet.", "sun.nio.ch.")),
            new Part("logging", List.of("org.slf4j.")),
            new Part("other relay code", List.of("com.notionrelay.")));

    private JfrBreakdown() {
    }

    static String describe(Path recording) throws IOException {
        Map<String, Long> byPart = new LinkedHashMap<>();
        Map<String, Long> hottest = new TreeMap<>();
        long onCpu = 0;
        long nativeSqlite = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (type.equals("jdk.ExecutionSample")) {
                onCpu++;
                byPart.merge(partOf(frames), 1L, Long::sum);
                if (!frames.isEmpty()) {
                    RecordedFrame top = frames.get(0);
                    hottest.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
                }
            } else if (type.equals("jdk.NativeMethodSample") && partOf(frames).startsWith("SQLite")) {
                nativeSqlite++;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "on-CPU samples: %d (Java threads on CPU, sampled every 20 ms)%n", onCpu));
        long total = Math.max(1, onCpu);
        byPart.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(en ->
                out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
        out.append("hottest methods (innermost frame):\n");
        hottest.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8).forEach(en ->
                out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
        out.append(String.format(Locale.ROOT, "samples of threads in SQLite's native code (its work and fsync): %d%n",
                nativeSqlite));
        return out.toString();
    }

    private static String partOf(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            for (Part p : PARTS) {
                for (String prefix : p.prefixes()) {
                    if (cls.startsWith(prefix)) {
                        return p.name();
                    }
                }
            }
        }
        return "JVM and JDK only (no relay, library or server frame)";
    }
}
