package com.notionrelay.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.cache.RelationQueries;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.ReadAccess;
import com.notionrelay.lookup.FormulaQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** What the lookup benchmarks share: property values as the API shows them, the query, and the timing. */
final class BenchPages {

    private BenchPages() {
    }

    static JsonObject text(String type, String content) {
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

    static JsonObject select(String name) {
        JsonObject select = new JsonObject();
        select.addProperty("type", "select");
        JsonObject option = new JsonObject();
        option.addProperty("name", name);
        select.add("select", option);
        return select;
    }

    /** A relation value as a page object shows it: {@code has_more} from 25 items on. */
    static JsonObject relation(List<String> ids) {
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

    /** {@code /api/lookup?page=DEMO&relation=Interactions&show=Name&join=, } with the rest as given. */
    static FormulaQuery query(String demo, Optional<RelationQueries.Where> where, Optional<RelationQueries.Sort> sort,
                              Optional<Integer> limit) {
        return new FormulaQuery(demo, "Interactions", "Name", ", ", where, sort, limit);
    }

    /** Every kind of lookup over one demo, each timed (the README's tables list them in this order). */
    /** Lookups are timed as the public reads them (no admin token): the common case on the open internet. */
    static final ReadAccess PUBLIC = ReadAccess.publicProperties(Set.of("Name", "Action", "Route", "Occurred at"));

    static void timeEveryLookup(DemoInteractions listing, FormulaLookup formula, String demo, int interactions,
                                int warmup, int runs) {
        System.out.printf(Locale.ROOT, "lookups over one demo with %,d interactions, %,d runs each (after %,d warm-up)%n",
                interactions, runs, warmup);
        time("GET /api/demos/{id}/interactions (limit 50, first page)", warmup, runs, () ->
                listing.list(demo, "Interactions", Optional.empty(), 50, Optional.empty(), PUBLIC).results().size());
        String deep = listing.list(demo, "Interactions", Optional.empty(), 100, Optional.empty(), PUBLIC).nextCursor().orElseThrow();
        time("GET /api/demos/{id}/interactions (limit 50, with a cursor)", warmup, runs, () ->
                listing.list(demo, "Interactions", Optional.empty(), 50, Optional.of(deep), PUBLIC).results().size());
        time("GET /api/lookup show=Name limit=50", warmup, runs, () -> formula.answer(query(demo, Optional.empty(),
                Optional.empty(), Optional.of(50)), PUBLIC).count());
        time("GET /api/lookup show=Name where=Action:clicked limit=50", warmup, runs, () -> formula.answer(query(demo,
                Optional.of(new RelationQueries.Where("Action", "clicked")), Optional.empty(), Optional.of(50)), PUBLIC).count());
        time("GET /api/lookup show=Name, all 10,000 joined", warmup, runs, () -> formula.answer(query(demo, Optional.empty(),
                Optional.empty(), Optional.empty()), PUBLIC).count());
        time("GET /api/lookup show=Name sort=Name:desc, all 10,000", warmup, runs, () -> formula.answer(query(demo,
                Optional.empty(), Optional.of(new RelationQueries.Sort("Name", true)), Optional.empty()), PUBLIC).count());
    }

    /**
     * Runs {@code lookup} {@code warmup} times, then {@code runs} timed times, and prints p50, p99
     * and max of the wall time, then p50 and p99 of the thread's own CPU time: on a shared machine
     * the difference is time spent waiting for a core, not in the lookup.
     */
    static void time(String what, int warmup, int runs, Supplier<Integer> lookup) {
        for (int i = 0; i < warmup; i++) {
            lookup.get();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            lookup.get();
            nanos[i] = System.nanoTime() - start;
            cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-62s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (CPU p50 %6.3f, p99 %6.3f ms)%n", what,
                nanos[runs / 2] / 1e6, nanos[(int) (runs * 0.99)] / 1e6, nanos[runs - 1] / 1e6,
                cpu[runs / 2] / 1e6, cpu[(int) (runs * 0.99)] / 1e6);
    }
}
