package com.notionrelay.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.app.Storage;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.FormulaQuery;
import com.notionrelay.lookup.PageLinks;
import com.notionrelay.lookup.ReadAccess;
import com.notionrelay.cache.RelationQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Measures lookups over one demo with 10,000 interactions, straight on the cache (no HTTP), on
 * a file-backed SQLite cache as the relay uses. Not a test: run it by hand (see the README),
 * 
 * <pre>MAVEN_OPTS="-Xms2g -Xmx2g" mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.notionrelay.bench.LookupBenchmark</pre>
 */
public final class LookupBenchmark {

    private static final int INTERACTIONS = 10_000;
    /** What a reader without the admin token gets: the default public properties. */
    private static final ReadAccess PUBLIC = ReadAccess.publicProperties(Set.of("Name", "Action", "Route", "Occurred at"));
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

            System.out.printf(Locale.ROOT, "lookups over one demo with %,d interactions, %,d runs each (after %,d warm-up)%n",
                    INTERACTIONS, RUNS, WARMUP);
            measure("GET /api/demos/{id}/interactions (limit 50, first page)", () ->
                    listing.list(demo, "Interactions", Optional.empty(), 50, Optional.empty(), PUBLIC).results().size());
            String deep = listing.list(demo, "Interactions", Optional.empty(), 100, Optional.empty(), PUBLIC).nextCursor().orElseThrow();
            measure("GET /api/demos/{id}/interactions (limit 50, with a cursor)", () ->
                    listing.list(demo, "Interactions", Optional.empty(), 50, Optional.of(deep), PUBLIC).results().size());
            measure("GET /api/lookup show=Name limit=50", () -> formula.answer(query(demo, Optional.empty(),
                    Optional.empty(), Optional.of(50)), PUBLIC).count());
            measure("GET /api/lookup show=Name where=Action:clicked limit=50", () -> formula.answer(query(demo,
                    Optional.of(new RelationQueries.Where("Action", "clicked")), Optional.empty(), Optional.of(50)), PUBLIC).count());
            measure("GET /api/lookup show=Name, all 10,000 joined", () -> formula.answer(query(demo, Optional.empty(),
                    Optional.empty(), Optional.empty()), PUBLIC).count());
            measure("GET /api/lookup show=Name sort=Name:desc, all 10,000", () -> formula.answer(query(demo, Optional.empty(),
                    Optional.of(new RelationQueries.Sort("Name", true)), Optional.empty()), PUBLIC).count());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static FormulaQuery query(String demo, Optional<RelationQueries.Where> where,
                                      Optional<RelationQueries.Sort> sort, Optional<Integer> limit) {
        return new FormulaQuery(demo, "Interactions", "Name", ", ", where, sort, limit);
    }

    private static void measure(String what, Supplier<Integer> lookup) {
        for (int i = 0; i < WARMUP; i++) {
            lookup.get();
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            lookup.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-62s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms%n", what,
                nanos[RUNS / 2] / 1e6, nanos[(int) (RUNS * 0.99)] / 1e6, nanos[RUNS - 1] / 1e6);
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
            JsonObject select = new JsonObject();
            select.addProperty("type", "select");
            JsonObject option = new JsonObject();
            option.addProperty("name", actions[i % 3]);
            select.add("select", option);
            props.add("Action", select);
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

    private static JsonObject text(String type, String content) {
        JsonObject item = new JsonObject();
        item.addProperty("type", "text");
        item.addProperty("plain_text", content);
        JsonArray arr = new JsonArray();
        arr.add(item);
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.add(type, arr);
        return o;
    }

    private static JsonObject relation(List<String> ids) {
        JsonArray arr = new JsonArray();
        ids.forEach(id -> {
            JsonObject ref = new JsonObject();
            ref.addProperty("id", id);
            arr.add(ref);
        });
        JsonObject o = new JsonObject();
        o.addProperty("type", "relation");
        o.add("relation", arr);
        o.addProperty("has_more", ids.size() >= 25);
        return o;
    }
}
