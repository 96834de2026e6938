package com.notionrelay.cache;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only queries over the cache tables for lookups. A relation is read from both of its sides:
 * the page's own list (in Notion's order) and pages whose other-side property points back, so a
 * two-way relation answers even when only one side has synced. Pages in the trash never appear.
 */
public final class RelationQueries {

    /** A cached page as a lookup needs it. */
    public record PageRow(String id, String dataSourceId, boolean inTrash, String syncedAt, JsonObject properties) {
    }

    /**
     * Which relation to follow from a page: its own property {@code forward} and, for a two-way
     * relation, the property {@code reverse} on the other side (null when there is none).
     */
    public record Link(String pageId, String forward, String reverse) {
    }

    /** One related page with the text of the shown property ("" when it has no such value). */
    public record Shown(String id, String text) {
    }

    /** One related page for the newest-first listing. */
    public record Listed(String id, String title, String createdTime, String lastEditedTime) {
    }

    /** Sort of related pages by one property's value: numbers as numbers, the rest as text. */
    public record Sort(String property, boolean descending) {
    }

    /** Keep related pages whose property renders exactly as {@code text}. */
    public record Where(String property, String text) {
    }

    // Pages on the other side of the relation that the page's own list does not hold: found
    // through the other side's property alone (index relations_pair answers the NOT EXISTS).
    private static final String REVERSE_ONLY = "SELECT r.page_id AS id, NULL AS pos FROM relations r"
            + " WHERE r.related_page_id = ? AND r.property = ? AND NOT EXISTS (SELECT 1 FROM relations f"
            + " WHERE f.page_id = r.related_page_id AND f.property = ? AND f.related_page_id = r.page_id)";
    private static final String FORWARD = "SELECT related_page_id AS id, position AS pos FROM relations"
            + " WHERE page_id = ? AND property = ?";

    private final Database db;
    private final RelationGraph graph;

    public RelationQueries(Database db, RelationGraph graph) {
        this.db = db;
        this.graph = graph;
    }

    public Optional<PageRow> page(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, data_source_id, in_trash, synced_at, properties FROM pages WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new PageRow(rs.getString(1), rs.getString(2), rs.getInt(3) == 1,
                            rs.getString(4), JsonParser.parseString(rs.getString(5)).getAsJsonObject())) : Optional.empty();
                }
            }
        });
    }


    /** True when some related cached page has a value for {@code property}: it exists over there. */
    public boolean relatedHave(Link link, String property) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM (" + FORWARD + " UNION ALL " + REVERSE_ONLY
                    + ") ids WHERE EXISTS (SELECT 1 FROM page_values v WHERE v.page_id = ids.id AND v.property = ?) LIMIT 1")) {
                int i = bindReverse(ps, bindForward(ps, 0, link), link);
                ps.setString(++i, property);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Related live pages newest first (created time, then id, both descending), {@code limit} of
     * them after the keyset {@code (beforeCreated, beforeId)} when given.
     */
    public List<Listed> newestFirst(Link link, Optional<String[]> before, int limit) {
        // The graph orders the related pages (a walk over SQLite cost 30 ms and more at a million
        // pages); the rows of the few it returns come from SQLite.
        List<String> ids = graph.newestFirst(link, before, limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        Listed[] rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT j.key, p.title, p.created_time, p.last_edited_time"
                    + " FROM json_each(?) j JOIN pages p ON p.id = j.value")) {
                ps.setString(1, jsonArray(ids));
                Listed[] out = new Listed[ids.size()];
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int k = rs.getInt(1);
                        out[k] = new Listed(ids.get(k), text(rs, 2), text(rs, 3), text(rs, 4));
                    }
                }
                return out;
            }
        });
        List<Listed> out = new ArrayList<>(ids.size());
        for (Listed row : rows) {
            if (row != null) { // written away between the two reads: left out rather than shown half
                out.add(row);
            }
        }
        return out;
    }

    /** The name of a cached page's title property (Notion pages have one), empty when not cached. */
    public Optional<String> titleProperty(String pageId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT property FROM page_values WHERE page_id = ? AND type = 'title' LIMIT 1")) {
                ps.setString(1, pageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Each page's properties as text (see {@link PropertyText}), in the order given; only those
     * named in {@code only} when it is given (the others are not read at all).
     */
    public Map<String, Map<String, String>> values(List<String> pageIds, Optional<Set<String>> only) {
        if (pageIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        pageIds.forEach(id -> out.put(id, new LinkedHashMap<>()));
        if (only.isPresent() && only.get().isEmpty()) {
            return out;
        }
        List<String> properties = only.map(List::copyOf).orElse(List.of());
        // "+property": the property list filters each page's few rows; as an index term it would
        // have SQLite probe every page and property pair instead
        String sql = "SELECT j.key, v.property, v.text FROM json_each(?) j JOIN page_values v ON v.page_id = j.value"
                + (only.isPresent() ? " WHERE +v.property IN (" + marks(properties.size()) + ")" : "")
                + " ORDER BY j.key, v.property";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, jsonArray(pageIds));
                for (int i = 0; i < properties.size(); i++) {
                    ps.setString(i + 2, properties.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.get(pageIds.get(rs.getInt(1))).put(text(rs, 2), text(rs, 3));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The ids as one JSON array for {@code json_each(?)}: one parameter however many ids, and
     * each row comes back with its id's place in the list, so the id itself is not read back.
     */
    private static String jsonArray(List<String> ids) {
        JsonArray array = new JsonArray(ids.size());
        ids.forEach(array::add);
        return array.toString();
    }

    /**
     * A text column read as its UTF-8 bytes: the driver's getString builds a direct buffer through
     * JNI for every cell, about a third of the driver's time in a listing (profiled).
     */
    private static String text(ResultSet rs, int column) throws SQLException {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    private static int bindForward(PreparedStatement ps, int i, Link link) throws SQLException {
        ps.setString(++i, link.pageId());
        ps.setString(++i, link.forward());
        return i;
    }

    private static int bindReverse(PreparedStatement ps, int i, Link link) throws SQLException {
        ps.setString(++i, link.pageId());
        ps.setString(++i, reverseName(link));
        ps.setString(++i, link.forward());
        return i;
    }

    /** No other side: a name no property has (Notion allows no empty name) matches nothing. */
    private static String reverseName(Link link) {
        return link.reverse() == null ? "" : link.reverse();
    }
}
