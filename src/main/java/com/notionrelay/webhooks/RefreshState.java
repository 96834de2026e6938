package com.notionrelay.webhooks;

import com.notionrelay.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code webhook_entities} table: per work key, how far the cache is known to reflect Notion
 * (in Notion's own timestamps, so no clock skew enters the comparison) and the backoff of a
 * refresh that failed. This is what makes an older delivery that arrives late change nothing.
 */
final class RefreshState {

    /**
     * @param refreshedThrough the newest event time a completed refresh covered: the fetch began
     *                         after those deliveries arrived, so it saw at least their state
     * @param deletedAt        the newest page.deleted applied
     */
    record Entity(Optional<Instant> refreshedThrough, Optional<Instant> deletedAt, int attempts) {
        static final Entity NONE = new Entity(Optional.empty(), Optional.empty(), 0);
    }

    private final Database db;

    RefreshState(Database db) {
        this.db = db;
    }

    Entity of(String key) {
        return db.read(c -> of(c, key));
    }

    Entity of(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT refreshed_through, deleted_at, attempts FROM webhook_entities WHERE work_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Entity.NONE;
                }
                return new Entity(instant(rs, 1), instant(rs, 2), rs.getInt(3));
            }
        }
    }

    /** A refresh covering events up to {@code through} landed: the backoff is cleared. */
    void refreshed(Connection c, String key, Instant through) throws SQLException {
        upsert(c, key, "refreshed_through = MAX(COALESCE(refreshed_through, 0), excluded.refreshed_through), "
                + "attempts = 0, retry_at = NULL, last_error = NULL", through.toEpochMilli(), null);
    }

    void deleted(Connection c, String key, Instant at) throws SQLException {
        upsert(c, key, "deleted_at = MAX(COALESCE(deleted_at, 0), excluded.deleted_at)", null, at.toEpochMilli());
    }

    /** A refresh failed; the key waits until {@code retryAt} (a failure counts toward the backoff only when {@code counted}). */
    void retryLater(String key, Instant retryAt, String error, boolean counted) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_entities(work_key, attempts, retry_at, "
                    + "last_error) VALUES (?, ?, ?, ?) ON CONFLICT(work_key) DO UPDATE SET "
                    + "attempts = webhook_entities.attempts + excluded.attempts, retry_at = excluded.retry_at, "
                    + "last_error = excluded.last_error")) {
                ps.setString(1, key);
                ps.setInt(2, counted ? 1 : 0);
                ps.setLong(3, retryAt.toEpochMilli());
                ps.setString(4, error);
                return ps.executeUpdate();
            }
        });
    }

    private static void upsert(Connection c, String key, String onConflict, Long refreshedThrough, Long deletedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_entities(work_key, refreshed_through, "
                + "deleted_at) VALUES (?, ?, ?) ON CONFLICT(work_key) DO UPDATE SET " + onConflict)) {
            ps.setString(1, key);
            ps.setObject(2, refreshedThrough);
            ps.setObject(3, deletedAt);
            ps.executeUpdate();
        }
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
