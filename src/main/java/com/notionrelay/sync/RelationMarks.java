package com.notionrelay.sync;

import com.notionrelay.store.Database;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code relation_marks} table: relation properties a webhook said changed, so the next sync
 * pass re-reads them in full even when their first items and count look unchanged. Marks survive
 * a restart; a read clears only the marks it has answered, so one arriving during the read stays.
 */
public final class RelationMarks {

    /** A marked property; {@code upToSeq} is the newest notice for it when it was read. */
    record Mark(String pageId, String propertyId, long upToSeq) {
    }

    private final Database db;
    private final Clock clock;

    public RelationMarks(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Relation property {@code propertyId} of page {@code pageId} changed (a
     * {@code page.properties_updated} webhook named it in {@code updated_properties}): the next
     * sync pass reads it through the page-property endpoint. Ids may be percent-encoded as Notion
     * sends them.
     */
    public void changed(String pageId, String propertyId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO relation_marks(page_id, property_id, marked_at) VALUES (?, ?, ?)")) {
                ps.setString(1, pageId);
                ps.setString(2, decoded(propertyId));
                ps.setString(3, clock.instant().toString());
                return ps.executeUpdate();
            }
        });
    }

    /** Every marked property, once each, with its newest notice. */
    List<Mark> all() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT page_id, property_id, MAX(seq) FROM relation_marks GROUP BY page_id, property_id");
                 ResultSet rs = ps.executeQuery()) {
                List<Mark> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Mark(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    /** The property was read in full: its notices up to the read are answered. */
    void answered(Mark mark) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM relation_marks WHERE page_id = ? AND property_id = ? AND seq <= ?")) {
                ps.setString(1, mark.pageId());
                ps.setString(2, mark.propertyId());
                ps.setLong(3, mark.upToSeq());
                return ps.executeUpdate();
            }
        });
    }

    /** Property ids arrive percent-encoded ("%3AUp%5D"); stored and compared decoded. */
    static String decoded(String propertyId) {
        return URLDecoder.decode(propertyId.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
