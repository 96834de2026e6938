package com.notionrelay.cache;

import com.notionrelay.cache.RelationQueries.Link;
import com.notionrelay.cache.RelationQueries.Shown;
import com.notionrelay.cache.RelationQueries.Sort;
import com.notionrelay.cache.RelationQueries.Where;
import com.notionrelay.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cache's pages, relations and rendered values held in memory, so a formula-style lookup over
 * thousands of related pages is a walk over maps instead of one SQLite probe per page.
 *
 * <p>SQLite stays the truth. Every cache write appends the page id to {@code cache_changes} in
 * the same transaction ({@link PageCacheStore}); before answering, the graph reads the new
 * entries and reloads just those pages, so it sees writes from any process on the file. A graph
 * further behind than the log keeps reloads everything. Values are loaded per property on first
 * use, so a large property nobody looks up (a payload) never fills memory.
 */
public final class RelationGraph {

    /**
     * A page as lookups need it: alive or not, its age, and its own relation lists (in Notion's
     * order, and as sets, so "is it in the list" is one probe).
     */
    private record Node(String createdTime, boolean inTrash, Map<String, List<String>> relations,
                        Map<String, Set<String>> relationSets) {

        Node(String createdTime, boolean inTrash) {
            this(createdTime, inTrash, new HashMap<>(), new HashMap<>());
        }

        void add(String property, String related) {
            relations.computeIfAbsent(property, k -> new ArrayList<>()).add(related);
            relationSets.computeIfAbsent(property, k -> new HashSet<>()).add(related);
        }

        boolean holds(String property, String related) {
            Set<String> set = relationSets.get(property);
            return set != null && set.contains(related);
        }
    }

    /** A property rendered as text, and as a number where it is one (for sorting). */
    private record Value(String text, Double number) {
    }

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

    /** SQLite orders NULL before any value. */
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(CODE_POINTS);

    private final Database db;
    private Map<String, Node> nodes;
    /** related page → relation property → pages whose list holds it: the other side of a relation. */
    private final Map<String, Map<String, Set<String>>> pointingAt = new HashMap<>();
    /** property → page → value, for the properties a lookup has asked for. */
    private final Map<String, Map<String, Value>> values = new HashMap<>();
    private long seenSeq;

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
    public synchronized List<Shown> shown(Link link, String show, Optional<Where> where, Optional<Sort> sort,
                                          int limit) {
        catchUp();
        Map<String, Value> shownValues = valuesOf(show);
        List<String> ids = relatedIds(link, where, sort, limit);
        List<Shown> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(new Shown(id, textOf(shownValues, id)));
        }
        return out;
    }

    /** What {@code prop(link).map(current.prop(show)).join(separator)} shows, built in one pass. */
    public synchronized Joined joined(Link link, String show, Optional<Where> where, Optional<Sort> sort, int limit,
                                      String separator) {
        catchUp();
        Map<String, Value> shownValues = valuesOf(show);
        List<String> ids = relatedIds(link, where, sort, limit);
        String[] texts = new String[ids.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = textOf(shownValues, ids.get(i));
        }
        // String.join sizes the result first and copies once: 10,000 names allocate the answer, not a doubling buffer
        return new Joined(String.join(separator, texts), texts.length);
    }

    private static String textOf(Map<String, Value> values, String id) {
        Value v = values.get(id);
        return v == null ? "" : v.text();
    }

    private List<String> relatedIds(Link link, Optional<Where> where, Optional<Sort> sort, int limit) {
        // every column before the walk: loading one may catch up with new writes, which must not happen mid-walk
        Predicate<String> kept = where.map(w -> matching(valuesOf(w.property()), w.text())).orElse(id -> true);
        Optional<Map<String, Value>> sortValues = sort.map(s -> valuesOf(s.property()));
        // Unsorted, the order is fixed before any filtering, so the walk can stop at the limit.
        int wanted = sort.isPresent() ? Integer.MAX_VALUE : limit;
        Node page = nodes.get(link.pageId());
        List<String> own = page == null ? List.of() : page.relations().getOrDefault(link.forward(), List.of());
        List<String> related = new ArrayList<>(Math.min(own.size(), wanted));
        for (String id : own) {
            if (related.size() >= wanted) {
                break;
            }
            if (isLive(id) && kept.test(id)) {
                related.add(id);
            }
        }
        if (link.reverse() != null && related.size() < wanted) {
            List<String> otherSide = new ArrayList<>();
            for (String id : pointingAt.getOrDefault(link.pageId(), Map.of()).getOrDefault(link.reverse(), Set.of())) {
                if ((page == null || !page.holds(link.forward(), id)) && isLive(id) && kept.test(id)) {
                    otherSide.add(id);
                }
            }
            otherSide.sort(Comparator.comparing((String id) -> nodes.get(id).createdTime(), NULLS_FIRST)
                    .thenComparing(CODE_POINTS));
            related.addAll(otherSide.subList(0, Math.min(otherSide.size(), wanted - related.size())));
        }
        if (sort.isPresent()) {
            related = sorted(related, sortValues.orElseThrow(), sort.get().descending());
        }
        return related.size() > limit ? related.subList(0, limit) : related;
    }

    private static Predicate<String> matching(Map<String, Value> values, String text) {
        return id -> {
            Value v = values.get(id);
            return v != null && v.text().equals(text);
        };
    }

    private boolean isLive(String id) {
        Node n = nodes.get(id);
        return n != null && !n.inTrash();
    }

    /** A page with its sort key read once, so sorting compares fields rather than looking them up. */
    private record SortKey(String id, Double number, String text) {
    }

    /**
     * Stable sort as SQLite's {@code ORDER BY number IS NULL, number, text} would: numbers first (as
     * numbers), then text; a page without the property has neither and goes last.
     */
    private static List<String> sorted(List<String> ids, Map<String, Value> values, boolean descending) {
        List<SortKey> keys = new ArrayList<>(ids.size());
        for (String id : ids) {
            Value v = values.get(id);
            keys.add(new SortKey(id, v == null ? null : v.number(), v == null ? null : v.text()));
        }
        keys.sort((a, b) -> compare(a, b, descending));
        List<String> out = new ArrayList<>(keys.size());
        for (SortKey k : keys) {
            out.add(k.id());
        }
        return out;
    }


    /** Loads everything the first time, then replays the change log since the last look. */
    private void catchUp() {
        db.read(c -> {
            long[] bounds = logBounds(c);
            if (nodes == null || seenSeq < bounds[0] - 1) {
                loadAll(c, bounds[1]);
            } else if (bounds[1] > seenSeq) {
                reload(c, changedSince(c, seenSeq, bounds[1]));
                seenSeq = bounds[1];
            }
            return null;
        });
    }

    /** {lowest, highest} sequence in the log; {0, 0} when it is empty. */
    private static long[] logBounds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM cache_changes");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
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

    /**
     * Reads the log's end first, then the tables: a write landing in between is read now and
     * replayed again later, which is harmless since replaying a page reloads its current state.
     */
    private void loadAll(Connection c, long upTo) throws SQLException {
        Map<String, Node> loaded = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, created_time, in_trash FROM pages");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                loaded.put(rs.getString(1), new Node(rs.getString(2), rs.getInt(3) == 1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT page_id, property, related_page_id FROM relations ORDER BY page_id, property, position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Node n = loaded.get(rs.getString(1));
                if (n != null) {
                    n.add(rs.getString(2), rs.getString(3));
                }
            }
        }
        nodes = loaded;
        pointingAt.clear();
        loaded.forEach((id, n) -> link(id, n));
        values.clear();
        seenSeq = upTo;
    }

    private void reload(Connection c, Collection<String> ids) throws SQLException {
        for (String id : ids) {
            Node old = nodes.remove(id);
            if (old != null) {
                unlink(id, old);
            }
            Optional<Node> fresh = readNode(c, id);
            if (fresh.isPresent()) {
                nodes.put(id, fresh.get());
                link(id, fresh.get());
            }
            for (Map.Entry<String, Map<String, Value>> property : values.entrySet()) {
                Optional<Value> v = readValue(c, id, property.getKey());
                if (v.isPresent()) {
                    property.getValue().put(id, v.get());
                } else {
                    property.getValue().remove(id);
                }
            }
        }
    }

    private static Optional<Node> readNode(Connection c, String id) throws SQLException {
        Node node;
        try (PreparedStatement ps = c.prepareStatement("SELECT created_time, in_trash FROM pages WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                node = new Node(rs.getString(1), rs.getInt(2) == 1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT property, related_page_id FROM relations WHERE page_id = ? ORDER BY property, position")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    node.add(rs.getString(1), rs.getString(2));
                }
            }
        }
        return Optional.of(node);
    }

    private static Optional<Value> readValue(Connection c, String id, String property) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT text, number FROM page_values WHERE page_id = ? AND property = ?")) {
            ps.setString(1, id);
            ps.setString(2, property);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(value(rs, 1)) : Optional.empty();
            }
        }
    }

    private Map<String, Value> valuesOf(String property) {
        Map<String, Value> known = values.get(property);
        if (known != null) {
            return known;
        }
        Map<String, Value> loaded = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT page_id, text, number FROM page_values WHERE property = ?")) {
                ps.setString(1, property);
                Map<String, Value> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), value(rs, 2));
                    }
                }
                return out;
            }
        });
        values.put(property, loaded);
        // a page written while the column loaded is in the log: catch up so the column is not behind
        catchUp();
        return loaded;
    }

    /** A value from the columns {@code text, number} starting at {@code first}. */
    private static Value value(ResultSet rs, int first) throws SQLException {
        return new Value(rs.getString(first), number(rs, first + 1));
    }

    /** One comparison method rather than a chain of lambdas: the sort calls it ~130,000 times for 10,000 pages. */
    private static int compare(SortKey a, SortKey b, boolean descending) {
        if ((a.number() == null) != (b.number() == null)) {
            return a.number() == null ? 1 : -1;
        }
        if (a.number() != null) {
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
        int byText = CODE_POINTS.compare(a.text(), b.text());
        return descending ? -byText : byText;
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }

    private void link(String id, Node n) {
        n.relations().forEach((property, targets) -> {
            for (String target : targets) {
                pointingAt.computeIfAbsent(target, k -> new HashMap<>()).computeIfAbsent(property, k -> new HashSet<>()).add(id);
            }
        });
    }

    private void unlink(String id, Node n) {
        n.relations().forEach((property, targets) -> {
            for (String target : targets) {
                Map<String, Set<String>> byProperty = pointingAt.get(target);
                if (byProperty != null && byProperty.containsKey(property)) {
                    byProperty.get(property).remove(id);
                }
            }
        });
    }
}
