package com.notionrelay.cache;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Map<String, Listed> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, created_time, last_edited_time FROM pages"
                    + " WHERE id IN (" + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 1, ids.get(i));
                }
                Map<String, Listed> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
        List<Listed> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Listed row = rows.get(id);
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

    /** Each page's properties as text (see {@link PropertyText}), in the order given. */
    public Map<String, Map<String, String>> values(List<String> pageIds) {
        if (pageIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(",", Collections.nCopies(pageIds.size(), "?"));
        return db.read(c -> {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            pageIds.forEach(id -> out.put(id, new LinkedHashMap<>()));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT page_id, property, text FROM page_values WHERE page_id IN (" + marks + ") ORDER BY page_id, property")) {
                for (int i = 0; i < pageIds.size(); i++) {
                    ps.setString(i + 1, pageIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.get(rs.getString(1)).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
            return out;
        });
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
