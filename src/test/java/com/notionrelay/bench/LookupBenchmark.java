package com.notionrelay.bench;

import static com.notionrelay.bench.BenchPages.query;
import static com.notionrelay.bench.BenchPages.relation;
import static com.notionrelay.bench.BenchPages.select;
import static com.notionrelay.bench.BenchPages.text;
import static com.notionrelay.bench.BenchPages.timeEveryLookup;

import com.google.gson.JsonObject;
import com.notionrelay.app.Storage;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.PageLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Measures lookups over one demo with 10,000 interactions, straight on the cache (no HTTP), on
 * a file-backed SQLite cache as the relay uses. Not a test: run it by hand (see the README),
 * 
 * <pre>MAVEN_OPTS="-Xms2g -Xmx2g" mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.notionrelay.bench.LookupBenchmark</pre>
 */
public final class LookupBenchmark {

    private static final int INTERACTIONS = 10_000;
    /** What a reader without the admin token gets: the default public properties. */
    private static final int WARMUP = 2_000;
    private static final int RUNS = 1_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("relay-bench");
        // An argument names a file to keep the filled cache in, for looking at query plans after.
        Path file = args.length > 0 ? Path.of(args[0]) : dir.resolve("bench.db");
        try (Storage storage = Storage.open(file, Clock.systemUTC())) {
            String demo = fill(storage);
            PageLinks links = new PageLinks(storage.relations, storage.graph, storage.schemas, storage.syncRuns);
            FormulaLookup formula = new FormulaLookup(storage.graph, links);
            DemoInteractions listing = new DemoInteractions(storage.relations, links);

            timeEveryLookup(listing, formula, demo, INTERACTIONS, WARMUP, RUNS);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }



    /** One demo related both ways to 10,000 interactions, written through the cache's one upsert path. */
    private static String fill(Storage storage) {
        String demosDs = UUID.randomUUID().toString();
        String interactionsDs = UUID.randomUUID().toString();
        String demo = UUID.randomUUID().toString();
        String[] actions = {"viewed", "clicked", "signed up"};
        List<String> ids = new ArrayList<>();
        List<CachedPage> batch = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < INTERACTIONS; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            JsonObject props = new JsonObject();
            props.add("Name", text("title", "Interaction " + i));
            props.add("Event ID", text("rich_text", "evt-" + i));
            props.add("Action", select(actions[i % 3]));
            props.add("Demo", relation(List.of(demo)));
            String time = t.plusSeconds(60L * (i / 7)).toString();
            batch.add(new CachedPage(id, interactionsDs, "Interaction " + i, props, time, time, false,
                    Map.of("Demo", List.of(demo))));
            if (batch.size() == 500) {
                storage.pages.upsertAll(batch);
                batch.clear();
            }
        }
        JsonObject demoProps = new JsonObject();
        demoProps.add("Name", text("title", "Big demo"));
        demoProps.add("Interactions", relation(ids.subList(0, 25)));
        batch.add(new CachedPage(demo, demosDs, "Big demo", demoProps, t.toString(), t.toString(), false,
                Map.of("Interactions", ids)));
        storage.pages.upsertAll(batch);
        return demo;
    }


}
