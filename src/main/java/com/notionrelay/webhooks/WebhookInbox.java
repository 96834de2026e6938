package com.notionrelay.webhooks;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code webhook_deliveries} table: every verified delivery, committed before Notion is
 * answered, and the queue the background processor works from. A delivery stays {@code pending}
 * until processing settles it in the same transaction as its effect on the cache, so a restart
 * at any point redoes unfinished work and loses nothing accepted.
 */
public final class WebhookInbox {

    /** How a delivery ended. */
    public enum Outcome {
        /** Waiting for the processor. */
        PENDING,
        /** A fetch of current state (or a sync run) that started after it arrived is in the cache. */
        REFRESHED,
        /** Its page left lookups. */
        TRASHED,
        /** Older than what the cache already holds: nothing changed. */
        STALE,
        /** Nothing to do: a type the relay does not act on, or an entity outside the synced data sources. */
        IGNORED,
        /** Notion refused the refresh for good (the detail says why). */
        FAILED;

        String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome of(String dbName) {
            return valueOf(dbName.toUpperCase(Locale.ROOT));
        }
    }

    /** A pending delivery as processing needs it. */
    record Pending(long seq, String type, Optional<String> entityId, Optional<Instant> eventAt, Instant receivedAt) {
    }

    /** The newest delivery received. */
    public record Last(String id, String type, Instant receivedAt, Outcome outcome) {
    }

    private final Database db;

    public WebhookInbox(Database db) {
        this.db = db;
    }

    /** What intake answers for a verified delivery: its id and type, and whether it was new. */
    public record Accepted(String id, String type, boolean fresh) {
    }

    /**
     * Parses a body whose signature has been checked and stores it (a 400 naming the field when it
     * cannot be a delivery); {@code fresh} is false, and nothing stored, for an id already there.
     */
    public Accepted accept(byte[] verifiedBody, Instant receivedAt) {
        Delivery d = Delivery.parse(verifiedBody);
        return new Accepted(d.id(), d.type(), accept(d, receivedAt));
    }

    /** Stores a delivery; false (and nothing stored) when one with its id is already there. */
    boolean accept(Delivery d, Instant receivedAt) {
        Optional<String> key = d.workKey();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_deliveries(id, type, entity_id, "
                    + "entity_type, work_key, event_at, received_at, body, outcome, detail, processed_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING")) {
                ps.setString(1, d.id());
                ps.setString(2, d.type());
                ps.setString(3, d.entityId().orElse(null));
                ps.setString(4, d.entityType().orElse(null));
                ps.setString(5, key.orElse(null));
                if (d.eventAt().isPresent()) {
                    ps.setLong(6, d.eventAt().get().toEpochMilli());
                } else {
                    ps.setNull(6, Types.INTEGER);
                }
                ps.setLong(7, receivedAt.toEpochMilli());
                ps.setString(8, d.body());
                ps.setString(9, (key.isPresent() ? Outcome.PENDING : Outcome.IGNORED).dbName());
                ps.setString(10, key.isPresent() ? null : d.work() == WebhookWork.NONE
                        ? "the relay does not act on " + d.type() : "the delivery names no entity id");
                if (key.isPresent()) {
                    ps.setNull(11, Types.INTEGER);
                } else {
                    ps.setLong(11, receivedAt.toEpochMilli());
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * The work key with the oldest pending delivery of one lane (page.deleted, or everything else)
     * that is due: its last failed refresh is not still backing off, and its deliveries have gone
     * quiet for {@code quiet} (or the oldest has waited {@code maxDelay}), so a burst about one page
     * is settled by one refresh rather than one per delivery.
     */
    Optional<String> nextKey(boolean deletions, long nowMillis, long quietMillis, long maxDelayMillis) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.work_key FROM webhook_deliveries d
                    LEFT JOIN webhook_entities e ON e.work_key = d.work_key
                    WHERE d.outcome = 'pending'
                      -- deletions need no Notion call, so they have a lane of their own and never wait behind a fetch
                      AND (d.type = 'page.deleted') = ?
                      -- a key whose refresh failed waits out its backoff
                      AND (e.retry_at IS NULL OR e.retry_at <= ?)
                    GROUP BY d.work_key
                    -- quiet since the newest delivery, or the oldest has waited long enough
                    HAVING MAX(d.received_at) <= ? OR MIN(d.received_at) <= ?
                    ORDER BY MIN(d.seq) LIMIT 1""")) {
                ps.setBoolean(1, deletions);
                ps.setLong(2, nowMillis);
                ps.setLong(3, nowMillis - quietMillis);
                ps.setLong(4, nowMillis - maxDelayMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The pending deliveries of one key and lane, oldest first: what one refresh will settle. */
    List<Pending> pending(String key, boolean deletions) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, entity_id, event_at, received_at "
                    + "FROM webhook_deliveries WHERE work_key = ? AND outcome = 'pending' AND (type = 'page.deleted') = ? "
                    + "ORDER BY seq")) {
                ps.setString(1, key);
                ps.setBoolean(2, deletions);
                List<Pending> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long eventAt = rs.getLong(4);
                        Optional<Instant> at = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(eventAt));
                        out.add(new Pending(rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), at,
                                Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
                return out;
            }
        });
    }

    /** Settles deliveries (only those still pending) in the caller's transaction. */
    void settle(Connection c, List<Pending> deliveries, Outcome outcome, String detail, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET outcome = ?, detail = ?, "
                + "processed_at = ? WHERE seq = ? AND outcome = 'pending'")) {
            for (Pending p : deliveries) {
                ps.setString(1, outcome.dbName());
                ps.setString(2, detail);
                ps.setLong(3, at.toEpochMilli());
                ps.setLong(4, p.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void settle(List<Pending> deliveries, Outcome outcome, String detail, Instant at) {
        db.inTransaction(c -> {
            settle(c, deliveries, outcome, detail, at);
            return null;
        });
    }

    /** Deliveries by type, then by outcome. */
    public Map<String, Map<Outcome, Long>> countsByTypeAndOutcome() {
        return db.read(c -> {
            Map<String, Map<Outcome, Long>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT type, outcome, COUNT(*) FROM webhook_deliveries GROUP BY type, outcome ORDER BY type, outcome");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(Outcome.of(rs.getString(2)), rs.getLong(3));
                }
            }
            return out;
        });
    }

    public Optional<Last> last() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, type, received_at, outcome FROM webhook_deliveries ORDER BY seq DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Last(rs.getString(1), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), Outcome.of(rs.getString(4)))) : Optional.empty();
            }
        });
    }

    /** The refresh backlog: pending deliveries, the entities they name, and those backing off after a failure. */
    public record Backlog(long deliveries, long entities, long retrying) {
    }

    public Backlog backlog(long nowMillis) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT COUNT(*), COUNT(DISTINCT d.work_key),
                           COUNT(DISTINCT CASE WHEN e.retry_at > ? THEN d.work_key END)
                    FROM webhook_deliveries d LEFT JOIN webhook_entities e ON e.work_key = d.work_key
                    WHERE d.outcome = 'pending'""")) {
                ps.setLong(1, nowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }
}
