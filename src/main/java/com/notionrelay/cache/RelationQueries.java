package com.notionrelay.cache;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
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

    // Related ids from both sides, each once; a page's own position wins over the other side's
    // (which has none: those come after, oldest first, as Notion appends to the list).
    private static final String RELATED = "WITH rel(id, pos) AS ("
            + " SELECT related_page_id, position FROM relations WHERE page_id = ? AND property = ?"
            + " UNION ALL SELECT page_id, NULL FROM relations WHERE related_page_id = ? AND property = ?),"
            + " ids(id, pos) AS (SELECT id, MIN(pos) FROM rel GROUP BY id) ";

    private final Database db;

    public RelationQueries(Database db) {
        this.db = db;
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

    /** The related live pages with the shown property's text, filtered, sorted and cut as asked. */
    public List<Shown> shown(Link link, String show, Optional<Where> where, Optional<Sort> sort, int limit) {
        StringBuilder sql = new StringBuilder(RELATED)
                .append("SELECT ids.id, COALESCE(v.text, '') FROM ids JOIN pages p ON p.id = ids.id AND p.in_trash = 0")
                .append(" LEFT JOIN page_values v ON v.page_id = ids.id AND v.property = ?");
        where.ifPresent(w -> sql.append(" JOIN page_values w ON w.page_id = ids.id AND w.property = ? AND w.text = ?"));
        sort.ifPresent(s -> sql.append(" LEFT JOIN page_values s ON s.page_id = ids.id AND s.property = ?"));
        sql.append(" ORDER BY ");
        sort.ifPresent(s -> sql.append(s.descending()
                ? "s.number IS NULL, s.number DESC, s.text DESC, " : "s.number IS NULL, s.number, s.text, "));
        sql.append("ids.pos IS NULL, ids.pos, p.created_time, ids.id LIMIT ?");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = bindLink(ps, link);
                ps.setString(++i, show);
                if (where.isPresent()) {
                    ps.setString(++i, where.get().property());
                    ps.setString(++i, where.get().text());
                }
                if (sort.isPresent()) {
                    ps.setString(++i, sort.get().property());
                }
                ps.setInt(++i, limit);
                List<Shown> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Shown(rs.getString(1), rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    /** How many related ids the cache holds no page for (not synced yet, or never shared). */
    public int uncached(Link link) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(RELATED
                    + "SELECT COUNT(*) FROM ids WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.id = ids.id)")) {
                bindLink(ps, link);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** True when some related cached page has a value for {@code property}: it exists over there. */
    public boolean relatedHave(Link link, String property) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(RELATED
                    + "SELECT 1 FROM ids JOIN page_values v ON v.page_id = ids.id AND v.property = ? LIMIT 1")) {
                int i = bindLink(ps, link);
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
        String sql = RELATED + "SELECT p.id, p.title, p.created_time, p.last_edited_time FROM ids"
                + " JOIN pages p ON p.id = ids.id AND p.in_trash = 0"
                + (before.isPresent() ? " WHERE (p.created_time < ? OR (p.created_time = ? AND p.id < ?))" : "")
                + " ORDER BY p.created_time DESC, p.id DESC LIMIT ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = bindLink(ps, link);
                if (before.isPresent()) {
                    ps.setString(++i, before.get()[0]);
                    ps.setString(++i, before.get()[0]);
                    ps.setString(++i, before.get()[1]);
                }
                ps.setInt(++i, limit);
                List<Listed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
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

    private static int bindLink(PreparedStatement ps, Link link) throws SQLException {
        ps.setString(1, link.pageId());
        ps.setString(2, link.forward());
        ps.setString(3, link.pageId());
        // No other side: a name no property has (an empty string) matches nothing.
        ps.setString(4, link.reverse() == null ? "" : link.reverse());
        return 4;
    }
}
