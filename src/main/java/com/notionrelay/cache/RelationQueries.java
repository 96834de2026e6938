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

    // Pages on the other side of the relation that the page's own list does not hold: found
    // through the other side's property alone (index relations_pair answers the NOT EXISTS).
    private static final String REVERSE_ONLY = "SELECT r.page_id AS id, NULL AS pos FROM relations r"
            + " WHERE r.related_page_id = ? AND r.property = ? AND NOT EXISTS (SELECT 1 FROM relations f"
            + " WHERE f.page_id = r.related_page_id AND f.property = ? AND f.related_page_id = r.page_id)";
    private static final String FORWARD = "SELECT related_page_id AS id, position AS pos FROM relations"
            + " WHERE page_id = ? AND property = ?";

    /** Fewest pages a newest-first walk passes before it gives up for gathering. */
    private static final int WALK_STEPS = 2_000;

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
        Optional<String> source = relatedSource(link);
        if (source.isPresent()) {
            Optional<List<Listed>> walked = walkNewest(link, source.get(), before, limit);
            if (walked.isPresent()) {
                return walked.get();
            }
        }
        return gatherNewest(link, before, limit);
    }

    /** The data source of the related pages (a relation points at one), from any cached one of them. */
    private Optional<String> relatedSource(Link link) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.data_source_id FROM (" + FORWARD
                    + " UNION ALL SELECT page_id, NULL FROM relations WHERE related_page_id = ? AND property = ?) ids"
                    + " JOIN pages p ON p.id = ids.id WHERE p.data_source_id IS NOT NULL LIMIT 1")) {
                int i = bindForward(ps, 0, link);
                ps.setString(++i, link.pageId());
                ps.setString(++i, reverseName(link));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Walks the related data source newest first (index pages_by_source_created) and keeps pages
     * related either way: for a page related to many, the first {@code limit} come after a few
     * steps, whatever the relation's size. The walk stops after {@code WALK_STEPS} pages; empty
     * when it found fewer than {@code limit} (a page related to few), so the caller gathers instead.
     */
    private Optional<List<Listed>> walkNewest(Link link, String source, Optional<String[]> before, int limit) {
        int steps = Math.max(WALK_STEPS, 20 * limit);
        String sql = "SELECT p.id, p.title, p.created_time, p.last_edited_time FROM (SELECT id, created_time FROM pages"
                + " WHERE data_source_id = ? AND in_trash = 0"
                + (before.isPresent() ? " AND (created_time < ? OR (created_time = ? AND id < ?))" : "")
                + " ORDER BY created_time DESC, id DESC LIMIT ?) w"
                + " JOIN pages p ON p.id = w.id"
                + " WHERE EXISTS (SELECT 1 FROM relations f WHERE f.page_id = ? AND f.property = ? AND f.related_page_id = w.id)"
                + " OR EXISTS (SELECT 1 FROM relations r WHERE r.page_id = w.id AND r.property = ? AND r.related_page_id = ?)"
                + " ORDER BY w.created_time DESC, w.id DESC LIMIT ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 0;
                ps.setString(++i, source);
                if (before.isPresent()) {
                    ps.setString(++i, before.get()[0]);
                    ps.setString(++i, before.get()[0]);
                    ps.setString(++i, before.get()[1]);
                }
                ps.setInt(++i, steps);
                i = bindForward(ps, i, link);
                ps.setString(++i, reverseName(link));
                ps.setString(++i, link.pageId());
                ps.setInt(++i, limit);
                List<Listed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                // Short of the limit: the walk may have stopped before older related pages, or the
                // relation holds pages of another data source. Gathering is exact, and cheap here.
                return out.size() < limit ? Optional.<List<Listed>>empty() : Optional.of(out);
            }
        });
    }

    /** Every related page, sorted: for a page related to few (where a walk would pass many others). */
    private List<Listed> gatherNewest(Link link, Optional<String[]> before, int limit) {
        // Both sides with repeats (a two-way relation lists most pairs twice): a repeat sorts next
        // to its twin, so twice the limit holds `limit` distinct pages, de-duplicated below.
        String top = "SELECT l.id AS id, l.created_time AS created FROM (" + FORWARD
                + " UNION ALL SELECT page_id, NULL FROM relations WHERE related_page_id = ? AND property = ?) ids"
                + " JOIN pages l INDEXED BY pages_live ON l.id = ids.id AND l.in_trash = 0"
                + (before.isPresent() ? " WHERE (l.created_time < ? OR (l.created_time = ? AND l.id < ?))" : "")
                + " ORDER BY l.created_time DESC, l.id DESC LIMIT ?";
        String sql = "SELECT p.id, p.title, p.created_time, p.last_edited_time FROM (" + top + ") t"
                + " JOIN pages p ON p.id = t.id ORDER BY t.created DESC, t.id DESC";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = bindForward(ps, 0, link);
                ps.setString(++i, link.pageId());
                ps.setString(++i, reverseName(link));
                if (before.isPresent()) {
                    ps.setString(++i, before.get()[0]);
                    ps.setString(++i, before.get()[0]);
                    ps.setString(++i, before.get()[1]);
                }
                ps.setInt(++i, 2 * limit);
                List<Listed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        if (out.isEmpty() || !out.get(out.size() - 1).id().equals(rs.getString(1))) {
                            out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                        }
                    }
                }
                return out;
            }
        });
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
