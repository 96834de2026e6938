package com.notionrelay.bench;

import static com.notionrelay.bench.BenchPages.query;
import static com.notionrelay.bench.BenchPages.relation;
import static com.notionrelay.bench.BenchPages.select;
import static com.notionrelay.bench.BenchPages.text;
import static com.notionrelay.bench.BenchPages.timeEveryLookup;

import com.google.gson.JsonObject;
import com.notionrelay.app.Storage;
import com.notionrelay.cache.PropertyText;
import com.notionrelay.cache.RelationQueries;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.PageLinks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cache at a million interaction pages: 100 demos of 10,000 interactions each, generated
 * straight into SQLite (no Notion), then measured in a fresh JVM: start-up to the first lookup
 * answered from the graph, resident memory, lookup latency on one 10,000-interaction demo, and
 * the latency other lookups see while a full rebuild of the graph runs. Not a test: run it by hand
 * (see the README's Benchmarks section):
 *
 * <pre>mvn -q -B test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath com.notionrelay.bench.CacheScaleBenchmark target/million.db"</pre>
 *
 * The file is generated once (a few minutes) and reused by later runs; delete it to start over.
 */
public final class CacheScaleBenchmark {

    private static final int DEMOS = 100;
    private static final int PER_DEMO = 10_000;
    private static final int INTERACTIONS = DEMOS * PER_DEMO;
    private static final String DEMOS_DS = "d0000000-0000-4000-8000-000000000001";
    private static final String INTERACTIONS_DS = "d0000000-0000-4000-8000-000000000002";
    private static final String[] ACTIONS = {"viewed", "clicked", "signed up"};
    private static final int WARMUP = 500;
    private static final int RUNS = 1_000;
    /** The heap the measured JVM gets: what the relay would be started with at this size. */
    private static final String HEAP = "-Xmx640m";

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--measure")) {
            measure(Path.of(args[1]));
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "target/million.db");
        if (!Files.exists(file)) {
            generate(file);
        }
        // A fresh JVM, so start-up and memory are the relay's alone (not the generator's, not Maven's).
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, HEAP, "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                CacheScaleBenchmark.class.getName(), "--measure", file.toString()).inheritIO().start();
        System.exit(p.waitFor());
    }

    // ------------------------------------------------------------------ generating

    private static void generate(Path file) throws Exception {
        long start = System.nanoTime();
        Storage.open(file, Clock.systemUTC()).close(); // the schema, by the shipped migrations
        Random random = new Random(42);
        String[] demos = new String[DEMOS];
        for (int d = 0; d < DEMOS; d++) {
            demos[d] = uuid(random);
        }
        // Interactions are made in time order (i seconds after t0, demo i % 100) but inserted in id
        // order, so every primary key grows at its end: minutes instead of most of an hour.
        String[] ids = new String[INTERACTIONS];
        for (int i = 0; i < INTERACTIONS; i++) {
            ids[i] = uuid(random);
        }
        Integer[] byId = new Integer[INTERACTIONS];
        for (int i = 0; i < INTERACTIONS; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, (a, b) -> ids[a].compareTo(ids[b]));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            List<String> indexes = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = OFF");
                s.execute("PRAGMA foreign_keys = OFF");
                s.execute("PRAGMA cache_size = -262144");
                // The migrations' secondary indexes are dropped for the load and made again after, as they were.
                try (var rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                        + " AND tbl_name IN ('pages', 'relations', 'page_values')")) {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        indexes.add(rs.getString(2));
                    }
                    rs.close();
                    for (String name : names) {
                        s.execute("DROP INDEX " + name);
                    }
                }
            }
            c.setAutoCommit(false);
            schemas(c);
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            List<List<String>> byDemo = new ArrayList<>();
            for (int d = 0; d < DEMOS; d++) {
                byDemo.add(new ArrayList<>(PER_DEMO));
            }
            try (PreparedStatement page = c.prepareStatement("INSERT INTO pages(id, data_source_id, title, properties,"
                    + " created_time, last_edited_time, in_trash, synced_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)");
                 PreparedStatement value = c.prepareStatement(
                         "INSERT INTO page_values(page_id, property, type, text, number) VALUES (?, ?, ?, ?, NULL)");
                 PreparedStatement relation = c.prepareStatement(
                         "INSERT INTO relations(page_id, property, position, related_page_id) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < INTERACTIONS; i++) {
                    byDemo.get(i % DEMOS).add(ids[i]);
                }
                for (int n = 0; n < INTERACTIONS; n++) {
                    int i = byId[n];
                    String id = ids[i];
                    int d = i % DEMOS;
                    String name = "Interaction " + i;
                    String action = ACTIONS[i % ACTIONS.length];
                    JsonObject props = new JsonObject();
                    props.add("Name", text("title", name));
                    props.add("Event ID", text("rich_text", "evt-" + i));
                    props.add("Action", select(action));
                    props.add("Demo", relation(List.of(demos[d])));
                    String time = t0.plusSeconds(i).toString();
                    page.setString(1, id);
                    page.setString(2, INTERACTIONS_DS);
                    page.setString(3, name);
                    page.setString(4, props.toString());
                    page.setString(5, time);
                    page.setString(6, time);
                    page.setString(7, time);
                    page.addBatch();
                    for (String property : List.of("Name", "Event ID", "Action")) {
                        PropertyText v = PropertyText.of(props.getAsJsonObject(property));
                        value.setString(1, id);
                        value.setString(2, property);
                        value.setString(3, v.type());
                        value.setString(4, v.text());
                        value.addBatch();
                    }
                    relation.setString(1, id);
                    relation.setString(2, "Demo");
                    relation.setInt(3, 0);
                    relation.setString(4, demos[d]);
                    relation.addBatch();
                    if (n % 10_000 == 9_999) {
                        page.executeBatch();
                        value.executeBatch();
                        relation.executeBatch();
                        c.commit();
                    }
                    if (n % 200_000 == 199_999) {
                        System.out.printf(Locale.ROOT, "generated %,d interactions (%.0f s)%n", n + 1,
                                (System.nanoTime() - start) / 1e9);
                    }
                }
                for (int d = 0; d < DEMOS; d++) {
                    JsonObject props = new JsonObject();
                    props.add("Name", text("title", "Demo " + d));
                    props.add("Interactions", relation(byDemo.get(d).subList(0, 25)));
                    page.setString(1, demos[d]);
                    page.setString(2, DEMOS_DS);
                    page.setString(3, "Demo " + d);
                    page.setString(4, props.toString());
                    page.setString(5, t0.toString());
                    page.setString(6, t0.toString());
                    page.setString(7, t0.toString());
                    page.executeUpdate();
                    value.setString(1, demos[d]);
                    value.setString(2, "Name");
                    value.setString(3, "title");
                    value.setString(4, "Demo " + d);
                    value.executeUpdate();
                    int position = 0;
                    for (String interaction : byDemo.get(d)) {
                        relation.setString(1, demos[d]);
                        relation.setString(2, "Interactions");
                        relation.setInt(3, position++);
                        relation.setString(4, interaction);
                        relation.addBatch();
                    }
                    relation.executeBatch();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO cache_changes(page_id) VALUES ('" + demos[0] + "')");
                for (String index : indexes) {
                    s.execute(index);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                s.execute("ANALYZE");
            }
        }
        System.out.printf(Locale.ROOT, "generated %,d interactions and %d demos into %s: %.0f s, %,d MB%n",
                INTERACTIONS, DEMOS, file, (System.nanoTime() - start) / 1e9, Files.size(file) >> 20);
    }

    private static void schemas(Connection c) throws SQLException {
        String demos = "{\"Name\": {\"id\": \"title\", \"name\": \"Name\", \"type\": \"title\", \"title\": {}},"
                + " \"Interactions\": {\"id\": \"a%3Ab\", \"name\": \"Interactions\", \"type\": \"relation\", \"relation\":"
                + " {\"data_source_id\": \"" + INTERACTIONS_DS + "\", \"type\": \"dual_property\","
                + " \"dual_property\": {\"synced_property_name\": \"Demo\"}}}}";
        String interactions = "{\"Name\": {\"id\": \"title\", \"name\": \"Name\", \"type\": \"title\", \"title\": {}},"
                + " \"Action\": {\"id\": \"c\", \"name\": \"Action\", \"type\": \"select\", \"select\": {}},"
                + " \"Event ID\": {\"id\": \"e\", \"name\": \"Event ID\", \"type\": \"rich_text\", \"rich_text\": {}},"
                + " \"Demo\": {\"id\": \"d\", \"name\": \"Demo\", \"type\": \"relation\", \"relation\":"
                + " {\"data_source_id\": \"" + DEMOS_DS + "\", \"type\": \"dual_property\","
                + " \"dual_property\": {\"synced_property_name\": \"Interactions\"}}}}";
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO data_sources(id, title, properties, synced_at) VALUES (?, ?, ?, ?)")) {
            for (String[] row : List.of(new String[] {DEMOS_DS, "Demos", demos},
                    new String[] {INTERACTIONS_DS, "Interactions", interactions})) {
                ps.setString(1, row[0]);
                ps.setString(2, row[1]);
                ps.setString(3, row[2]);
                ps.setString(4, Instant.now().toString());
                ps.executeUpdate();
            }
        }
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & 0x3FFFFFFFFFFFFFFFL | Long.MIN_VALUE)
                .toString();
    }

    // ------------------------------------------------------------------ measuring

    private static void measure(Path file) throws Exception {
        long start = System.nanoTime();
        try (Storage storage = Storage.open(file, Clock.systemUTC())) {
            PageLinks links = new PageLinks(storage.relations, storage.graph, storage.schemas, storage.syncRuns);
            FormulaLookup formula = new FormulaLookup(storage.graph, links);
            DemoInteractions listing = new DemoInteractions(storage.relations, links);
            List<String> demos = demoIds(storage);
            String demo = demos.get(0);

            long cpu = processCpuNanos();
            // a relation no page has: what serve's background warm-up does, the graph and nothing else
            storage.graph.shown(new RelationQueries.Link(demo, "None", null), "Name", Optional.empty(), Optional.empty(), 1);
            double loaded = (System.nanoTime() - start) / 1e9;
            double loadCpu = (processCpuNanos() - cpu) / 1e9;
            int first = formula.answer(query(demo, Optional.empty(), Optional.empty(), Optional.empty()), BenchPages.PUBLIC).count();
            double startup = (System.nanoTime() - start) / 1e9;
            long[] footprint = storage.graph.footprint();
            System.out.printf(Locale.ROOT, "%s: %,d pages in the graph, loaded %.2f s after start (%.2f s of CPU, all threads, GC and JIT included); "
                            + "first lookup answered (all %,d of one demo joined) %.2f s after start%n", file, footprint[0],
                    loaded, loadCpu, first, startup);
            System.gc();
            System.out.printf(Locale.ROOT, "after start-up: RSS %,d MB, heap used %,d MB (graph arrays %,d MB), heap max %,d MB%n",
                    rssMb("VmRSS"), heapUsedMb(), footprint[1] >> 20, Runtime.getRuntime().maxMemory() >> 20);

            long cold = System.nanoTime();
            formula.answer(query(demos.get(1), Optional.empty(), Optional.empty(), Optional.empty()), BenchPages.PUBLIC);
            System.out.printf(Locale.ROOT, "first lookup on another demo (its 10,000 names read from SQLite): %.1f ms%n",
                    (System.nanoTime() - cold) / 1e6);

            timeEveryLookup(listing, formula, demo, PER_DEMO, WARMUP, RUNS);

            rebuildWhileLookingUp(storage, formula, demo, demos.get(2));
            System.gc();
            System.out.printf(Locale.ROOT, "at the end: RSS %,d MB, peak RSS %,d MB, heap used %,d MB%n",
                    rssMb("VmRSS"), rssMb("VmHWM"), heapUsedMb());
        }
    }

    /**
     * Two threads look up while the log is cut past the graph (as trimming does to a reader far
     * behind), so the next lookup rebuilds everything: the lookups of the others must go on.
     */
    private static void rebuildWhileLookingUp(Storage storage, FormulaLookup formula, String demo, String touched)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong trimmedAt = new AtomicLong(Long.MAX_VALUE);
        ConcurrentLinkedQueue<Long> during = new ConcurrentLinkedQueue<>();
        List<Thread> lookers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    long s = System.nanoTime();
                    formula.answer(query(demo, Optional.empty(), Optional.empty(), Optional.of(50)), BenchPages.PUBLIC);
                    if (s >= trimmedAt.get()) {
                        during.add(System.nanoTime() - s);
                    }
                }
            });
            thread.start();
            lookers.add(thread);
        }
        Thread.sleep(500);
        // Two log entries and the first trimmed at once, in one transaction: the graph has not seen
        // an entry the log no longer holds, so the next lookup (whichever thread) rebuilds it.
        long start = System.nanoTime();
        trimmedAt.set(start);
        storage.db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cache_changes(page_id) VALUES (?), (?)")) {
                ps.setString(1, touched);
                ps.setString(2, touched);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM cache_changes WHERE seq < (SELECT MAX(seq) FROM cache_changes)");
            }
            return null;
        });
        formula.answer(query(touched, Optional.empty(), Optional.empty(), Optional.of(1)), BenchPages.PUBLIC);
        while (storage.graph.rebuilding()) {
            Thread.sleep(5);
        }
        double rebuild = (System.nanoTime() - start) / 1e6;
        stop.set(true);
        for (Thread t : lookers) {
            t.join();
        }
        long[] nanos = during.stream().mapToLong(Long::longValue).sorted().toArray();
        // The one lookup that found the log trimmed rebuilt the graph itself (by design); the others are the figure.
        long[] others = nanos.length > 0 && nanos[nanos.length - 1] / 1e6 > rebuild / 2
                ? Arrays.copyOf(nanos, nanos.length - 1) : nanos;
        System.out.printf(Locale.ROOT, "full rebuild of the graph: %.0f ms; meanwhile the other lookups (limit 50) "
                        + "answered %,d times from the previous graph, p99 %.1f ms, slowest %.1f ms%n", rebuild, others.length,
                others.length == 0 ? 0 : others[(int) (others.length * 0.99)] / 1e6,
                others.length == 0 ? 0 : others[others.length - 1] / 1e6);
    }

    private static List<String> demoIds(Storage storage) {
        return storage.db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pages WHERE data_source_id = ? ORDER BY title")) {
                ps.setString(1, DEMOS_DS);
                List<String> out = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }



    private static long rssMb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }


}
