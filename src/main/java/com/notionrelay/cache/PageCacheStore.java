package com.notionrelay.cache;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.notionrelay.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code pages} and {@code relations} tables. One upsert path for every source of pages
 * (our own writes, the sync job, webhook refreshes), so they can never disagree on shape.
 */
public final class PageCacheStore {

    /**
     * Told of each page this store wrote or put in the trash, after the write committed (so an
     * in-memory view never runs ahead of the file). Called on the writer's thread: keep it quick.
     */
    public interface Listener {
        void written(CachedPage page);

        void trashed(String pageId);
    }

    private final Database db;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public PageCacheStore(Database db) {
        this.db = db;
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    public void upsert(CachedPage page) {
        upsertAll(List.of(page));
    }

    /** Upserts a batch (a page of query results, say) in one transaction. */
    public void upsertAll(List<CachedPage> pages) {
        List<CachedPage> written = db.inTransaction(c -> {
            List<CachedPage> out = new ArrayList<>();
            for (CachedPage page : pages) {
                if (upsert(c, page)) {
                    out.add(page);
                }
            }
            return out;
        });
        for (CachedPage page : written) {
            listeners.forEach(l -> l.written(page));
        }
    }

    /**
     * Marks a page as in the trash (Notion answered 404 for it, or showed it trashed): lookups skip
     * it from now on. Returns false when the cache does not hold the page.
     */
    public boolean markTrashed(String id) {
        boolean trashed = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pages SET in_trash = 1, synced_at = ? WHERE id = ?")) {
                ps.setString(1, Instant.now().toString());
                ps.setString(2, id);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            recordChange(c, id);
            return true;
        });
        if (trashed) {
            listeners.forEach(l -> l.trashed(id));
        }
        return trashed;
    }

    /** Ids of the cached pages of a data source that are not in the trash. */
    public List<String> liveIdsIn(String dataSourceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM pages WHERE data_source_id = ? AND in_trash = 0 ORDER BY id")) {
                ps.setString(1, dataSourceId);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * Replaces the page row and the relation lists it carries, unless the cache already holds a
     * newer copy. A relation property the page object does not carry is left alone, so a fuller
     * list read through the property endpoint survives. Returns whether the page was written.
     * Listeners are not told from here: the caller's transaction has not committed yet.
     */
    public boolean upsert(Connection c, CachedPage page) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pages(id, data_source_id, title, properties, created_time, last_edited_time, in_trash, synced_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                        + "data_source_id = COALESCE(excluded.data_source_id, pages.data_source_id), title = excluded.title, "
                        + "properties = excluded.properties, created_time = excluded.created_time, "
                        + "last_edited_time = excluded.last_edited_time, in_trash = excluded.in_trash, synced_at = excluded.synced_at "
                        // an older copy (a sync batch read before our own write landed) never replaces a newer one;
                        // Notion's times are minute-rounded, so an equal time still updates
                        + "WHERE excluded.last_edited_time IS NULL OR pages.last_edited_time IS NULL "
                        + "OR excluded.last_edited_time >= pages.last_edited_time")) {
            ps.setString(1, page.id());
            ps.setString(2, page.dataSourceId());
            ps.setString(3, page.title());
            ps.setString(4, page.properties().toString());
            ps.setString(5, page.createdTime());
            ps.setString(6, page.lastEditedTime());
            ps.setInt(7, page.inTrash() ? 1 : 0);
            ps.setString(8, Instant.now().toString());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        writeValues(c, page);
        recordChange(c, page.id());
        for (Map.Entry<String, List<String>> rel : page.relations().entrySet()) {
            writeRelation(c, page.id(), rel.getKey(), rel.getValue());
        }
        return true;
    }

    /**
     * Replaces one relation list of a cached page (read in full through the page-property
     * endpoint), leaving the page row alone. Returns false when the cache does not hold the page.
     */
    public boolean replaceRelation(String pageId, String property, List<String> relatedIds) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pages WHERE id = ?")) {
                ps.setString(1, pageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            writeRelation(c, pageId, property, relatedIds);
            recordChange(c, pageId);
            return true;
        });
    }

    private static void writeRelation(Connection c, String pageId, String property, List<String> relatedIds)
            throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM relations WHERE page_id = ? AND property = ?")) {
            del.setString(1, pageId);
            del.setString(2, property);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO relations(page_id, property, position, related_page_id) VALUES (?, ?, ?, ?)")) {
            int position = 0;
            for (String related : relatedIds) {
                ins.setString(1, pageId);
                ins.setString(2, property);
                ins.setInt(3, position++);
                ins.setString(4, related);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    /**
     * What the cache knows of one relation list, to tell whether Notion's copy can differ from it.
     *
     * @param listed     whether the cache holds the list at all
     * @param count      items in the cached list
     * @param head       its first {@code headSize} items, in order
     * @param pointing   cached pages whose {@code reverse} property lists this page (the other side)
     * @param unlisted   of those, how many the cached list does not hold
     */
    public record RelationState(boolean listed, int count, List<String> head, int pointing, int unlisted) {
    }

    /** The cached state of {@code property} of {@code pageId}; {@code reverse} null: no other side counted. */
    public RelationState relationState(String pageId, String property, String reverse, int headSize) {
        return db.read(c -> {
            List<String> head = new ArrayList<>();
            int count;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT related_page_id FROM relations WHERE page_id = ? AND property = ? ORDER BY position LIMIT ?")) {
                ps.setString(1, pageId);
                ps.setString(2, property);
                ps.setInt(3, headSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        head.add(rs.getString(1));
                    }
                }
            }
            count = intQuery(c, "SELECT COUNT(*) FROM relations WHERE page_id = ? AND property = ?", pageId, property);
            if (reverse == null) {
                return new RelationState(count > 0, count, head, 0, 0);
            }
            int pointing = intQuery(c, "SELECT COUNT(*) FROM relations WHERE related_page_id = ? AND property = ?",
                    pageId, reverse);
            int unlisted = intQuery(c, "SELECT COUNT(*) FROM relations r WHERE r.related_page_id = ? AND r.property = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM relations f WHERE f.page_id = r.related_page_id"
                    + " AND f.property = ? AND f.related_page_id = r.page_id)", pageId, reverse, property);
            return new RelationState(count > 0, count, head, pointing, unlisted);
        });
    }

    private static int intQuery(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many change-log rows are kept; a reader further behind reloads everything. */
    static final int CHANGES_KEPT = 100_000;

    /**
     * Appends the page to the change log in the writer's transaction, and trims the log, so a
     * {@link RelationGraph} in any process learns exactly which pages to reload.
     */
    private static void recordChange(Connection c, String pageId) throws SQLException {
        long seq;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cache_changes(page_id) VALUES (?) RETURNING seq")) {
            ps.setString(1, pageId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cache_changes WHERE seq <= ?")) {
            ps.setLong(1, seq - CHANGES_KEPT);
            ps.executeUpdate();
        }
    }

    /** Each property rendered as text ({@link PropertyText}), replacing what the page had. */
    private static void writeValues(Connection c, CachedPage page) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM page_values WHERE page_id = ?")) {
            del.setString(1, page.id());
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO page_values(page_id, property, type, text, number) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, JsonElement> p : page.properties().entrySet()) {
                PropertyText value = PropertyText.of(p.getValue().getAsJsonObject());
                ins.setString(1, page.id());
                ins.setString(2, p.getKey());
                ins.setString(3, value.type());
                ins.setString(4, value.text());
                if (value.number() == null) {
                    ins.setNull(5, Types.REAL);
                } else {
                    ins.setDouble(5, value.number());
                }
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    public Optional<CachedPage> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, data_source_id, title, properties, created_time, last_edited_time, in_trash FROM pages WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CachedPage(rs.getString(1), rs.getString(2), rs.getString(3),
                            JsonParser.parseString(rs.getString(4)).getAsJsonObject(), rs.getString(5), rs.getString(6),
                            rs.getInt(7) == 1, relationsOf(c, id)));
                }
            }
        });
    }

    private static Map<String, List<String>> relationsOf(Connection c, String pageId) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT property, related_page_id FROM relations WHERE page_id = ? ORDER BY property, position")) {
            ps.setString(1, pageId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }
}
