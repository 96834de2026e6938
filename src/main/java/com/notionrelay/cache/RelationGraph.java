package com.notionrelay.cache;

import com.notionrelay.cache.RelationQueries.Link;
import com.notionrelay.cache.RelationQueries.Shown;
import com.notionrelay.cache.RelationQueries.Sort;
import com.notionrelay.cache.RelationQueries.Where;
import com.notionrelay.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * The cache's pages and relations held in memory ({@link CompactGraph}: int arrays, about 100
 * bytes a page), so a formula-style lookup over thousands of related pages is a walk over arrays
 * instead of one SQLite probe per page.
 *
 * <p>SQLite stays the truth. Every cache write appends the page id to {@code cache_changes} in
 * the same transaction ({@link PageCacheStore}); before answering, the graph reads the new
 * entries and reloads just those pages, so it sees writes from any process on the file. A graph
 * further behind than the log keeps rebuilds everything. Property values are read from SQLite
 * the first time a lookup needs them for a page, and dropped when the page changes, so memory
 * follows what is looked up, not the size of the cache.
 *
 * <p>Locking: lookups share a read lock. Changed pages and values are read from SQLite with no
 * graph lock held and applied under the write lock, which is held only for memory updates. A full
 * rebuild is built apart and swapped in: lookups meanwhile answer from the graph they have.
 */
public final class RelationGraph {

    /** A property's value as lookups see it: text ("" when absent), a number when it is one. */
    private record Value(String text, double number) {
    }

    /** Past this many changed pages a rebuild is cheaper than reloading them one by one. */
    private static final int REBUILD_AFTER = 50_000;
    /** Page ids a single SQL statement names (SQLite allows 32,766 parameters). */
    private static final int CHUNK = 500;

    /** SQLite compares text byte by byte in UTF-8, which is code point order. */
    private static final Comparator<String> CODE_POINTS = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final Database db;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** One catch-up at a time; a lookup finding a rebuild under way answers from the graph it has. */
    private final ReentrantLock loading = new ReentrantLock();
    private volatile boolean rebuilding;
    /** Replaced and mutated under {@code lock}'s write lock; null until the first load. */
    private volatile CompactGraph graph;
    private volatile long seenSeq;

    public RelationGraph(Database db) {
        this.db = db;
    }

    /** A formula's joined text and how many related pages it joined. */
    public record Joined(String text, int count) {
    }

    /**
     * The related live pages with the shown property's text, filtered, sorted and cut as asked:
     * the page's own list in Notion's order, then pages found only through the other side,
     * oldest first; a sort reorders that sequence stably.
     */
    public List<Shown> shown(Link link, String show, Optional<Where> where, Optional<Sort> sort, int limit) {
        return answer(link, show, where, sort, limit, (g, ids, shown) -> {
            List<Shown> out = new ArrayList<>(ids.length);
            for (int id : ids) {
                out.add(new Shown(g.index.id(id), textOf(shown, id)));
            }
            return out;
        });
    }

    /** What {@code prop(link).map(current.prop(show)).join(separator)} shows, built in one pass. */
    public Joined joined(Link link, String show, Optional<Where> where, Optional<Sort> sort, int limit,
                         String separator) {
        return answer(link, show, where, sort, limit, (g, ids, shown) -> {
            String[] texts = new String[ids.length];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = textOf(shown, ids[i]);
            }
            // String.join sizes the result first and copies once: 10,000 names allocate the answer, not a doubling buffer
            return new Joined(String.join(separator, texts), texts.length);
        });
    }

    /**
     * Ids of the related live pages newest first (created time, then id, both descending),
     * {@code limit} of them after the keyset {@code before = {createdTime, id}} when given.
     */
    public List<String> newestFirst(Link link, Optional<String[]> before, int limit) {
        catchUp();
        long beforeMillis = before.map(b -> millis(b[0])).orElse(Long.MAX_VALUE);
        String beforeId = before.map(b -> b[1]).orElse(null);
        lock.readLock().lock();
        try {
            CompactGraph g = graph;
            Newest newest = new Newest(g, limit, before.isPresent(), beforeMillis, beforeId);
            Optional<Related> related = Related.of(g, link);
            if (related.isPresent()) {
                // Walked from the end: Notion appends to a relation, so the newest come first and
                // the rest are turned away by one comparison with the head.
                int[] own = related.get().ownLive();
                long[] created = g.created(own);
                for (int k = own.length - 1; k >= 0; k--) {
                    if (newest.wants(own[k], created[k])) {
                        newest.add(own[k]);
                    }
                }
                // the few pages the heap would keep are checked against the own list one by one
                related.get().eachOtherSideByAge(newest::wants, related.get()::listedInOwn, newest::add);
            }
            return newest.ids();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Loads the graph on a background thread, so the first lookup after start-up does not wait for it. */
    public void warmUp() {
        Thread t = new Thread(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RelationGraph.class).warn("relation graph warm-up failed: {}",
                        e.getMessage());
            }
        }, "relation-graph-load");
        t.setDaemon(true);
        t.start();
    }

    /** True while a full rebuild is under way (lookups meanwhile answer from the previous graph). */
    public boolean rebuilding() {
        return rebuilding;
    }

    /** Pages and heap bytes the graph's arrays hold (not value strings): for the benchmark. */
    public long[] footprint() {
        lock.readLock().lock();
        try {
            return graph == null ? new long[] {0, 0} : new long[] {graph.index.size(), graph.bytes()};
        } finally {
            lock.readLock().unlock();
        }
    }

    private interface Render<T> {
        T of(CompactGraph g, int[] ids, CompactGraph.Column shown);
    }

    /** Values of one property to read from SQLite: the pages, and their versions when found missing. */
    private record Missing(String property, int[] pages, int[] versions, String[] ids) {
    }

    private <T> T answer(Link link, String show, Optional<Where> where, Optional<Sort> sort, int limit,
                         Render<T> render) {
        catchUp();
        while (true) {
            CompactGraph g;
            List<Missing> missing = new ArrayList<>();
            lock.readLock().lock();
            try {
                g = graph;
                int[] candidates = candidates(g, link);
                // the filter and sort columns first: which pages are shown depends on them
                where.ifPresent(w -> missing(g, w.property(), candidates).ifPresent(missing::add));
                sort.ifPresent(s -> missing(g, s.property(), candidates).ifPresent(missing::add));
                if (missing.isEmpty()) {
                    int[] ids = related(g, candidates, where, sort, limit);
                    missing(g, show, ids).ifPresent(missing::add);
                    if (missing.isEmpty()) {
                        return render.of(g, ids, g.existingColumn(show));
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            // read with no lock held, then store; a page reloaded meanwhile is read again on the next turn
            load(g, missing);
        }
    }

    private static String textOf(CompactGraph.Column shown, int id) {
        String t = shown == null ? null : shown.text[id];
        return t == null ? "" : t;
    }

    /** The related live pages before filtering: own list in order, then the other side only, oldest first. */
    private static int[] candidates(CompactGraph g, Link link) {
        Optional<Related> related = Related.of(g, link);
        if (related.isEmpty()) {
            return new int[0];
        }
        int[] own = related.get().ownLive();
        // every other-side page is checked: a set of the own list stays in the processor's cache,
        // where each page's own back-links are a read far apart in memory (at a million pages)
        IntSet inOwn = new IntSet(own);
        List<Integer> otherSide = new ArrayList<>();
        related.get().eachOtherSide(id -> true, inOwn::contains, otherSide::add);
        if (otherSide.isEmpty()) {
            return own;
        }
        otherSide.sort((a, b) -> {
            int byAge = Long.compare(g.created(a), g.created(b));
            return byAge != 0 ? byAge : g.index.compare(a, b);
        });
        int[] out = Arrays.copyOf(own, own.length + otherSide.size());
        int n = own.length;
        for (int id : otherSide) {
            out[n++] = id;
        }
        return out;
    }

    /** Asked of a page offered, with its created time. */
    private interface Wanted {
        boolean test(int id, long created);
    }

    /** The pages related to {@code page} through a link: its own list, and pages only the other side lists. */
    private record Related(CompactGraph g, int page, int forward, int reverse) {

        /** Empty when the graph does not know the page. */
        static Optional<Related> of(CompactGraph g, Link link) {
            Optional<Integer> page = g.index.indexOf(link.pageId());
            return page.map(p -> new Related(g, p, g.knownProperty(link.forward()),
                    link.reverse() == null ? -1 : g.knownProperty(link.reverse())));
        }

        /** The live pages of the page's own list, in Notion's order. */
        int[] ownLive() {
            int[] own = forward < 0 ? new int[0] : g.ownList(page, forward);
            int n = 0;
            for (int id : own) {
                if (g.isLive(id)) {
                    own[n++] = id;
                }
            }
            return n == own.length ? own : Arrays.copyOf(own, n);
        }

        /**
         * The live pages whose other-side property lists the page while its own list does not
         * ({@code inOwn} says which it holds), in no order. {@code wanted} is asked first, so a
         * caller turns away what it has no use for before the other checks.
         */
        void eachOtherSide(IntPredicate wanted, IntPredicate inOwn, IntConsumer take) {
            walkOtherSide(pointingAt(), null, (id, created) -> wanted.test(id), inOwn, take);
        }

        /**
         * {@link #eachOtherSide}, with {@code wanted} also given each page's created time, read for
         * all of them first: at a million pages each read misses the cache, and a loop that only
         * reads keeps many misses in flight at once.
         */
        void eachOtherSideByAge(Wanted wanted, IntPredicate inOwn, IntConsumer take) {
            int[] pointing = pointingAt();
            walkOtherSide(pointing, g.created(pointing), wanted, inOwn, take);
        }

        private int[] pointingAt() {
            return reverse < 0 ? new int[0] : g.pointingAt(page, reverse);
        }

        /** @param created the pages' created times, or null when {@code wanted} does not read them */
        private void walkOtherSide(int[] pointing, long[] created, Wanted wanted, IntPredicate inOwn, IntConsumer take) {
            for (int k = 0; k < pointing.length; k++) {
                int id = pointing[k];
                if (wanted.test(id, created == null ? CompactGraph.NO_TIME : created[k]) && !inOwn.test(id) && g.isLive(id)) {
                    take.accept(id);
                }
            }
        }

        /** Whether the own list holds page {@code id}, from that page's back-links (a pair or two). */
        boolean listedInOwn(int id) {
            return g.listedBy(id, forward, page);
        }
    }

    /**
     * The newest {@code limit} pages offered (created time, then id, both descending), after the
     * keyset {@code (beforeMillis, beforeId)} when there is one: a heap whose head is the oldest
     * kept, so 10,000 pages are never sorted.
     */
    private static final class Newest {
        private final CompactGraph g;
        private final int limit;
        private final boolean after;
        private final long beforeMillis;
        private final String beforeId;
        private final Comparator<Integer> order;
        private final PriorityQueue<Integer> top;

        Newest(CompactGraph g, int limit, boolean after, long beforeMillis, String beforeId) {
            this.g = g;
            this.limit = limit;
            this.after = after;
            this.beforeMillis = beforeMillis;
            this.beforeId = beforeId;
            this.order = (a, b) -> {
                int byAge = Long.compare(g.created(b), g.created(a));
                return byAge != 0 ? byAge : g.index.compare(b, a);
            };
            this.top = new PriorityQueue<>(limit + 1, order.reversed());
        }

        /** False for a page before the keyset, or older than all kept when the heap is full. */
        boolean wants(int id, long created) {
            if (after && (created > beforeMillis
                    || (created == beforeMillis && CODE_POINTS.compare(g.index.id(id), beforeId) >= 0))) {
                return false;
            }
            return top.size() < limit || created >= g.created(top.peek());
        }

        void add(int id) {
            top.add(id);
            if (top.size() > limit) {
                top.poll();
            }
        }

        List<String> ids() {
            List<Integer> kept = new ArrayList<>(top);
            kept.sort(order);
            List<String> out = new ArrayList<>(kept.size());
            kept.forEach(id -> out.add(g.index.id(id)));
            return out;
        }
    }

    /** Filtered, sorted and cut; every column it reads is loaded for the candidates. */
    private static int[] related(CompactGraph g, int[] candidates, Optional<Where> where, Optional<Sort> sort, int limit) {
        int[] kept = candidates;
        if (where.isPresent()) {
            CompactGraph.Column column = g.existingColumn(where.get().property());
            String wanted = where.get().text();
            kept = Arrays.stream(candidates).filter(id -> column.text[id] != CompactGraph.MISSING
                    && column.text[id].equals(wanted)).toArray();
        }
        if (sort.isPresent()) {
            kept = sorted(kept, g.existingColumn(sort.get().property()), sort.get().descending());
        }
        return kept.length > limit ? Arrays.copyOf(kept, limit) : kept;
    }

    /** The pages among {@code ids} whose value of {@code property} is not loaded; empty when all are. */
    private static Optional<Missing> missing(CompactGraph g, String property, int[] ids) {
        CompactGraph.Column column = g.existingColumn(property);
        int[] pages = new int[ids.length];
        int n = 0;
        for (int id : ids) {
            if (column == null || column.text[id] == null) {
                pages[n++] = id;
            }
        }
        if (n == 0) {
            return Optional.empty();
        }
        int[] versions = new int[n];
        String[] names = new String[n];
        for (int k = 0; k < n; k++) {
            versions[k] = g.version(pages[k]);
            names[k] = g.index.id(pages[k]);
        }
        return Optional.of(new Missing(property, Arrays.copyOf(pages, n), versions, names));
    }

    /** Reads the missing values from SQLite (no graph lock held), then stores those whose page did not change since. */
    private void load(CompactGraph g, List<Missing> missing) {
        List<Map<Integer, Value>> read = new ArrayList<>();
        for (Missing m : missing) {
            read.add(db.read(c -> values(c, m)));
        }
        lock.writeLock().lock();
        try {
            if (graph != g) {
                return; // rebuilt meanwhile: the next turn finds what the new graph lacks
            }
            for (int k = 0; k < missing.size(); k++) {
                Missing m = missing.get(k);
                CompactGraph.Column column = g.column(m.property());
                Map<Integer, Value> values = read.get(k);
                for (int j = 0; j < m.pages().length; j++) {
                    int id = m.pages()[j];
                    if (g.version(id) != m.versions()[j]) {
                        continue;
                    }
                    Value v = values.get(id);
                    column.set(id, v == null ? CompactGraph.MISSING : v.text(), v == null ? Double.NaN : v.number());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static Map<Integer, Value> values(Connection c, Missing m) throws SQLException {
        Map<Integer, Value> out = new HashMap<>();
        Map<String, Integer> byId = new HashMap<>();
        for (int k = 0; k < m.pages().length; k++) {
            byId.put(m.ids()[k], m.pages()[k]);
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT page_id, text, number FROM page_values WHERE property = ?"
                    + " AND page_id IN (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")")) {
                ps.setString(1, m.property());
                for (int k = 0; k < chunk.size(); k++) {
                    ps.setString(k + 2, chunk.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double number = rs.getDouble(3);
                        out.put(byId.get(rs.getString(1)), new Value(rs.getString(2), rs.wasNull() ? Double.NaN : number));
                    }
                }
            }
        }
        return out;
    }

    /** Loads everything the first time (or when the log was trimmed past this graph), else replays the log. */
    private void catchUp() {
        if (graph != null && rebuilding) {
            return; // another thread rebuilds: answer from the graph we have rather than wait
        }
        // every lookup asks this: the log's end alone, which SQLite reads from the b-tree's edge
        if (graph != null && db.read(RelationGraph::lastSeq) <= seenSeq) {
            return;
        }
        if (!lockLoading()) {
            return; // a rebuild began while we waited: answer from the graph we have
        }
        try {
            long[] bounds = db.read(RelationGraph::logBounds);
            long seen = seenSeq;
            if (graph == null || seen < bounds[0] - 1 || bounds[1] - seen > REBUILD_AFTER) {
                rebuilding = true;
                try {
                    long upTo = bounds[1];
                    CompactGraph fresh = loadAll();
                    swap(fresh, upTo);
                } finally {
                    rebuilding = false;
                }
            } else if (bounds[1] > seen) {
                long upTo = bounds[1];
                Map<String, Optional<Row>> delta = db.read(c -> rows(c, changedSince(c, seen, upTo)));
                lock.writeLock().lock();
                try {
                    delta.forEach((id, row) -> apply(graph, id, row));
                    seenSeq = upTo;
                } finally {
                    lock.writeLock().unlock();
                }
            }
        } finally {
            loading.unlock();
        }
    }

    /**
     * Takes the loading lock: waits for a catch-up of a few pages (so a lookup sees the writes made
     * before it), but gives up as soon as a rebuild is under way and a graph exists to answer from.
     */
    private boolean lockLoading() {
        if (graph == null) {
            loading.lock();
            return true;
        }
        try {
            while (!loading.tryLock(2, TimeUnit.MILLISECONDS)) {
                if (rebuilding) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void swap(CompactGraph fresh, long upTo) {
        lock.writeLock().lock();
        try {
            graph = fresh;
            seenSeq = upTo;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * {lowest, highest} sequence in the log; {0, 0} when it is empty. Two sub-selects: SQLite reads
     * a lone MIN or MAX from the b-tree's end, but MIN and MAX in one select scan the whole log
     * (up to {@link PageCacheStore#CHANGES_KEPT} rows, about half of a lookup's time).
     */
    private static long[] logBounds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE((SELECT MIN(seq) FROM cache_changes), 0),"
                + " COALESCE((SELECT MAX(seq) FROM cache_changes), 0)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** The highest sequence in the log, 0 when it is empty. */
    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM cache_changes");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> changedSince(Connection c, long after, long upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT page_id FROM cache_changes WHERE seq > ? AND seq <= ?")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            Set<String> ids = new LinkedHashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** A page's row as the graph needs it, with its relation lists by property in Notion's order. */
    private record Row(long created, boolean inTrash, Map<String, List<String>> relations) {
    }

    /**
     * Builds a whole graph from the tables. Reads the log's end first (the caller did), then the
     * tables: a write landing in between is read now and replayed again later, which is harmless
     * since replaying a page reloads its current state.
     */
    private CompactGraph loadAll() {
        // Two threads on two connections: the second reads the page rows and the last quarter of
        // the relation rows, this one the rest, then puts them into the graph (which only one
        // thread may touch) in table order. Reading and parsing rows is most of start-up.
        long[] split = db.read(RelationGraph::relationsSplit);
        FutureTask<SecondThread> second = new FutureTask<>(() -> db.read(c ->
                new SecondThread(pageRows(c), RelationScan.read(c, split[1], split[2]))));
        Thread reader = new Thread(second, "relation-graph-pages");
        reader.setDaemon(true);
        reader.start();
        RelationScan first = db.read(c -> RelationScan.read(c, split[0], split[1]));
        CompactGraph g = new CompactGraph();
        RelationRows rows = new RelationRows();
        first.addTo(g, rows);
        SecondThread rest;
        try {
            rest = second.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the relation graph", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        rest.relations().addTo(g, rows);
        rows.packInto(g);
        PageRows pages = rest.pages();
        for (int k = 0; k < pages.size; k++) {
            g.setRow(pages.ids.pageIn(g, k), pages.created[k], pages.trashed[k]);
        }
        return g;
    }

    /** What the load's second thread reads: the page rows and the last quarter of the relation rows. */
    private record SecondThread(PageRows pages, RelationScan relations) {
    }

    /**
     * Relation rowids split in two: {lowest, split, highest + 1}, rows {@code [0], [1])} for this
     * thread and {@code [1], [2])} for the second. Three quarters here: the second thread also
     * reads the page rows, and this one waits for it only after putting its own rows in.
     */
    private static long[] relationsSplit(Connection c) throws SQLException {
        // two sub-selects: SQLite answers a lone min(rowid) or max(rowid) from the b-tree's ends
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE((SELECT MIN(rowid) FROM relations), 0), COALESCE((SELECT MAX(rowid) FROM relations), 0)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long low = rs.getLong(1);
            long high = rs.getLong(2) + 1;
            return new long[] {low, low + (high - low) * 3 / 4, high};
        }
    }

    /** Ids by row as read: a canonical UUID as its two halves (no String), any other spelling as given. */
    private static final class IdColumn {
        private long[] hi;
        private long[] lo;
        private final Map<Integer, String> odd = new HashMap<>();

        IdColumn(int capacity) {
            hi = new long[Math.max(16, capacity)];
            lo = new long[hi.length];
        }

        /** Sets row {@code k} (at most one past the last), growing the column when it is full. */
        void set(int k, byte[] id) {
            if (k == hi.length) {
                hi = Arrays.copyOf(hi, k * 2);
                lo = Arrays.copyOf(lo, k * 2);
            }
            long[] halves = PageIndex.halves(id);
            if (halves == null) {
                odd.put(k, new String(id, StandardCharsets.UTF_8));
            } else {
                hi[k] = halves[0];
                lo[k] = halves[1];
            }
        }

        /** Row {@code k}'s page in {@code g}, numbered there when new. */
        int pageIn(CompactGraph g, int k) {
            String o = odd.isEmpty() ? null : odd.get(k);
            return o != null ? g.page(o) : g.page(hi[k], lo[k]);
        }
    }

    /** The {@code pages} table's rows as the graph needs them (no index yet). */
    private static final class PageRows {
        final IdColumn ids = new IdColumn(1024);
        long[] created = new long[1024];
        boolean[] trashed = new boolean[1024];
        int size;

        void add(byte[] id, long createdMillis, boolean inTrash) {
            if (size == created.length) {
                created = Arrays.copyOf(created, size * 2);
                trashed = Arrays.copyOf(trashed, size * 2);
            }
            ids.set(size, id);
            created[size] = createdMillis;
            trashed[size] = inTrash;
            size++;
        }
    }

    private static PageRows pageRows(Connection c) throws SQLException {
        PageRows rows = new PageRows();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, created_time, in_trash FROM pages");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getBytes(1), millis(rs.getString(2)), rs.getInt(3) == 1);
            }
        }
        return rows;
    }

    /**
     * The relation rows of one rowid range as read, ids as UUID halves, so it can be read on any
     * thread and put into a graph on the graph's one. In table order (ORDER BY would fetch each
     * row through the key index, 2 million random reads at a million pages); lists are put in
     * order when packed. A page's rows come together, so its id is kept once per run of rows.
     */
    private static final class RelationScan {
        /** page ids by run of rows */
        private final IdColumn pages;
        private int runs;
        private int[] run;
        private int[] property;
        private int[] position;
        private final IdColumn targets;
        private int size;
        private final List<String> properties = new ArrayList<>();

        private RelationScan(int expected) {
            int n = Math.max(16, expected);
            pages = new IdColumn(n);
            run = new int[n];
            property = new int[n];
            position = new int[n];
            targets = new IdColumn(n);
        }

        /** The rows with {@code from <= rowid < to}; ids read as bytes and parsed from them, never made Strings. */
        static RelationScan read(Connection c, long from, long to) throws SQLException {
            RelationScan scan = new RelationScan((int) Math.min(to - from, 1 << 26));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT page_id, property, position, related_page_id FROM relations WHERE rowid >= ? AND rowid < ?")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    byte[] lastPage = null;
                    byte[] lastProperty = null;
                    int prop = -1;
                    while (rs.next()) {
                        byte[] p = rs.getBytes(1);
                        if (!Arrays.equals(p, lastPage)) {
                            lastPage = p;
                            scan.newRun(p);
                        }
                        byte[] name = rs.getBytes(2);
                        if (!Arrays.equals(name, lastProperty)) {
                            lastProperty = name;
                            prop = scan.propertyNumber(new String(name, StandardCharsets.UTF_8));
                        }
                        scan.add(prop, rs.getInt(3), rs.getBytes(4));
                    }
                }
            }
            return scan;
        }

        private void newRun(byte[] id) {
            pages.set(runs++, id);
        }

        private int propertyNumber(String name) {
            int p = properties.indexOf(name); // a handful of relation properties
            if (p < 0) {
                properties.add(name);
                p = properties.size() - 1;
            }
            return p;
        }

        private void add(int prop, int pos, byte[] target) {
            if (size == run.length) {
                run = Arrays.copyOf(run, size * 2);
                property = Arrays.copyOf(property, size * 2);
                position = Arrays.copyOf(position, size * 2);
            }
            targets.set(size, target);
            run[size] = runs - 1;
            property[size] = prop;
            position[size] = pos;
            size++;
        }

        /** Adds the rows to {@code rows}, numbering their pages and properties in {@code g}. */
        void addTo(CompactGraph g, RelationRows rows) {
            int[] props = new int[properties.size()];
            for (int k = 0; k < props.length; k++) {
                props[k] = g.property(properties.get(k));
            }
            int lastRun = -1;
            int page = -1;
            for (int k = 0; k < size; k++) {
                if (run[k] != lastRun) {
                    lastRun = run[k];
                    page = pages.pageIn(g, lastRun);
                }
                rows.add(page, props[property[k]], position[k], targets.pageIn(g, k));
            }
        }
    }

    /** Relation rows as int columns, grouped by page (counting sort) and packed into each page's lists. */
    private static final class RelationRows {
        private int[] page = new int[1024];
        private int[] property = new int[1024];
        private int[] position = new int[1024];
        private int[] target = new int[1024];
        private int size;

        void add(int p, int prop, int pos, int t) {
            if (size == page.length) {
                int n = size * 2;
                page = Arrays.copyOf(page, n);
                property = Arrays.copyOf(property, n);
                position = Arrays.copyOf(position, n);
                target = Arrays.copyOf(target, n);
            }
            page[size] = p;
            property[size] = prop;
            position[size] = pos;
            target[size] = t;
            size++;
        }

        void packInto(CompactGraph g) {
            int pages = g.index.size();
            int[] start = new int[pages + 1];
            for (int k = 0; k < size; k++) {
                start[page[k] + 1]++;
            }
            for (int p = 0; p < pages; p++) {
                start[p + 1] += start[p];
            }
            int[] order = new int[size];
            int[] next = Arrays.copyOf(start, pages);
            Packer packer = new Packer(); // one buffer for every page: a million pages, one allocation
            for (int k = 0; k < size; k++) {
                order[next[page[k]]++] = k; // stable: rows of a page keep the table's order
            }
            for (int p = 0; p < pages; p++) {
                int from = start[p];
                int to = start[p + 1];
                if (from == to) {
                    continue;
                }
                if (to - from > 1 && !inListOrder(order, from, to)) {
                    // sorted in place: this page's stretch of `order` is read only here
                    int[] sorted = Arrays.stream(order, from, to).boxed()
                            .sorted(Comparator.<Integer>comparingInt(k -> property[k]).thenComparingInt(k -> position[k]))
                            .mapToInt(Integer::intValue).toArray();
                    System.arraycopy(sorted, 0, order, from, sorted.length);
                }
                packer.reset();
                int current = -1;
                for (int j = from; j < to; j++) {
                    int k = order[j];
                    if (property[k] != current) {
                        current = property[k];
                        packer.property(current);
                    }
                    packer.add(target[k]);
                }
                g.setOwn(p, packer.packed());
            }
        }

        /** Each property's rows together and by position, as a list is written (one insert run, in order). */
        private boolean inListOrder(int[] rows, int from, int to) {
            List<Integer> seen = new ArrayList<>(2);
            for (int j = from; j < to; j++) {
                int k = rows[j];
                if (j > from && property[k] == property[rows[j - 1]]) {
                    if (position[k] <= position[rows[j - 1]]) {
                        return false;
                    }
                } else if (seen.contains(property[k])) {
                    return false;
                } else {
                    seen.add(property[k]);
                }
            }
            return true;
        }
    }

    /** Builds one page's packed lists ({@code property, count, ids…}) row by row. */
    private static final class Packer {
        private int[] buf = new int[64];
        private int size;
        private int countAt = -1;

        void property(int p) {
            ensure(2);
            buf[size++] = p;
            countAt = size;
            buf[size++] = 0;
        }

        void add(int id) {
            ensure(1);
            buf[size++] = id;
            buf[countAt]++;
        }

        int[] packed() {
            return size == 0 ? null : Arrays.copyOf(buf, size);
        }

        void reset() {
            size = 0;
            countAt = -1;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
    }

    /** The current rows of the given pages (empty for a page no longer in the table). */
    private static Map<String, Optional<Row>> rows(Connection c, Set<String> ids) throws SQLException {
        Map<String, Optional<Row>> out = new LinkedHashMap<>();
        ids.forEach(id -> out.put(id, Optional.empty()));
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, created_time, in_trash FROM pages WHERE id IN (" + marks + ")")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), Optional.of(new Row(millis(rs.getString(2)), rs.getInt(3) == 1,
                                new LinkedHashMap<>())));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT page_id, property, related_page_id FROM relations"
                    + " WHERE page_id IN (" + marks + ") ORDER BY page_id, property, position")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Optional<Row> row = out.get(rs.getString(1));
                        if (row.isPresent()) {
                            row.get().relations().computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<String> ids) throws SQLException {
        for (int k = 0; k < ids.size(); k++) {
            ps.setString(k + 1, ids.get(k));
        }
    }

    private static void apply(CompactGraph g, String id, Optional<Row> row) {
        int i = g.page(id);
        if (row.isEmpty()) {
            g.dropRow(i);
        } else {
            g.setRow(i, row.get().created(), row.get().inTrash());
            Packer packer = new Packer();
            row.get().relations().forEach((property, targets) -> {
                packer.property(g.property(property));
                targets.forEach(t -> packer.add(g.page(t)));
            });
            g.setOwn(i, packer.packed());
        }
        g.changed(i);
    }

    /** Epoch millis of a Notion timestamp; unknown or unreadable sorts first, as NULL does in SQLite. */
    static long millis(String time) {
        if (time == null) {
            return CompactGraph.NO_TIME;
        }
        long fast = plainUtc(time);
        if (fast != CompactGraph.NO_TIME) {
            return fast;
        }
        try {
            return Instant.parse(time).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(time).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                return CompactGraph.NO_TIME;
            }
        }
    }

    /**
     * {@code 2026-01-01T10:15:00Z} or {@code 2026-01-01T10:15:00.000Z}, the shapes Notion and
     * {@code Instant.toString} write, read without a parser: a million of them at load time.
     * NO_TIME for any other shape (the caller then parses it properly).
     */
    private static long plainUtc(String t) {
        int n = t.length();
        if (!(n == 20 || n == 24) || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
                || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':' || (n == 24 && t.charAt(19) != '.')) {
            return CompactGraph.NO_TIME;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int milli = n == 24 ? digits(t, 20, 3) : 0;
        if ((year | month | day | hour | minute | second | milli) < 0 || month < 1 || month > 12 || day < 1
                || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return CompactGraph.NO_TIME;
        }
        try {
            long days = java.time.LocalDate.of(year, month, day).toEpochDay();
            return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + milli;
        } catch (java.time.DateTimeException e) {
            return CompactGraph.NO_TIME; // 31 February: let the parser say what it is
        }
    }

    /** The decimal number in {@code t} from {@code from}, {@code count} digits; -1 if any is not a digit. */
    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char ch = t.charAt(k);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /**
     * A page with its sort key read once, so sorting compares fields rather than looking them up.
     * {@code plain}: the text has no surrogate, so UTF-16 order ({@link String#compareTo}, one
     * vectorised intrinsic) is code point order for it; walking code points cost the sort of
     * 10,000 names sharing a prefix most of its time.
     */
    private record SortKey(int id, double number, String text, boolean plain) {
        static SortKey of(int id, double number, String text) {
            return new SortKey(id, number, text, text == null || !hasSurrogate(text));
        }

        private static boolean hasSurrogate(String text) {
            for (int k = 0; k < text.length(); k++) {
                if (Character.isSurrogate(text.charAt(k))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Stable sort as SQLite's {@code ORDER BY number IS NULL, number, text} would: numbers first (as
     * numbers), then text; a page without the property has neither and goes last.
     */
    private static int[] sorted(int[] ids, CompactGraph.Column values, boolean descending) {
        // At a million pages nearly every read of a page's value misses the processor's cache. Each
        // is gathered in a loop of its own, whose reads do not wait on one another, so many misses
        // are in flight at once; a text-only column's numbers are not read at all.
        String[] texts = new String[ids.length];
        for (int k = 0; k < ids.length; k++) {
            texts[k] = values.text[ids[k]];
        }
        double[] numbers = new double[ids.length];
        if (values.anyNumber) {
            for (int k = 0; k < ids.length; k++) {
                numbers[k] = values.number[ids[k]];
            }
        } else {
            Arrays.fill(numbers, Double.NaN);
        }
        List<SortKey> keys = new ArrayList<>(ids.length);
        for (int k = 0; k < ids.length; k++) {
            keys.add(SortKey.of(ids[k], numbers[k], texts[k] == CompactGraph.MISSING ? null : texts[k]));
        }
        keys.sort((a, b) -> compare(a, b, descending));
        int[] out = new int[keys.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = keys.get(k).id();
        }
        return out;
    }

    /** One comparison method rather than a chain of lambdas: the sort calls it ~130,000 times for 10,000 pages. */
    private static int compare(SortKey a, SortKey b, boolean descending) {
        boolean aNumber = !Double.isNaN(a.number());
        boolean bNumber = !Double.isNaN(b.number());
        if (aNumber != bNumber) {
            return aNumber ? -1 : 1;
        }
        if (aNumber) {
            int byNumber = Double.compare(a.number(), b.number());
            if (byNumber != 0) {
                return descending ? -byNumber : byNumber;
            }
        }
        if (a.text() == null || b.text() == null) {
            if (a.text() == b.text()) {
                return 0;
            }
            // SQLite puts NULL first ascending, so last descending
            return (a.text() == null) != descending ? -1 : 1;
        }
        int byText = a.plain() && b.plain() ? a.text().compareTo(b.text()) : CODE_POINTS.compare(a.text(), b.text());
        return descending ? -byText : byText;
    }

    /** A set of ints by open addressing: "is it in the page's own list" for 10,000 items without boxing. */
    private static final class IntSet {
        private final int[] slots;

        IntSet(int[] values) {
            int n = Integer.highestOneBit(Math.max(4, values.length * 2)) << 1;
            slots = new int[n];
            for (int v : values) {
                int s = mix(v) & (n - 1);
                while (slots[s] != 0 && slots[s] != v + 1) {
                    s = (s + 1) & (n - 1);
                }
                slots[s] = v + 1;
            }
        }

        boolean contains(int v) {
            int n = slots.length;
            for (int s = mix(v) & (n - 1); slots[s] != 0; s = (s + 1) & (n - 1)) {
                if (slots[s] == v + 1) {
                    return true;
                }
            }
            return false;
        }

        private static int mix(int v) {
            return v * 0x9E3779B9 ^ (v >>> 16);
        }
    }
}
