package com.notionrelay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accepted events newest first, with the status {@code GET /api/events/{id}} would show, for the
 * operator: filtered by that status and paged by a cursor (the event's row number, which only grows).
 */
public final class EventListing {

    /** The statuses an event folds into, as {@link Inbox#status} folds them. */
    public static final List<String> STATUSES = List.of("queued", "delivered", "dead");

    public record Row(long seq, String eventId, String route, String demoId, String action, String receivedAt,
                      String status, int attempts, String lastError, String notionPageId) {
    }

    public record Page(List<Row> rows, Optional<Long> nextCursor) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    // The fold of Inbox.status in SQL: dead if any job is dead, delivered once every job is done, queued
    // otherwise. "+j.state" keeps SQLite on the (event_id, kind) index rather than walking every dead job.
    private static final String STATUS = "CASE "
            + "WHEN EXISTS (SELECT 1 FROM jobs j WHERE j.event_id = e.event_id AND +j.state = 'dead') THEN 'dead' "
            + "WHEN EXISTS (SELECT 1 FROM jobs j WHERE j.event_id = e.event_id AND j.state <> 'done') THEN 'queued' "
            + "ELSE 'delivered' END";

    // Only events with a job in these states can have the status: a narrow list read by the jobs_due index.
    private static final String CANDIDATES = "e.event_id IN (SELECT event_id FROM jobs WHERE state IN (%s))";

    private final Database db;

    public EventListing(Database db) {
        this.db = db;
    }

    /**
     * @param status one of {@link #STATUSES}, or empty for all
     * @param before only events older than this cursor (from a previous page), or empty for the newest
     */
    public Page page(Optional<String> status, int limit, Optional<Long> before) {
        status.ifPresent(s -> {
            if (!STATUSES.contains(s)) {
                throw new IllegalArgumentException("unknown status " + s);
            }
        });
        String narrow = status.map(s -> switch (s) {
            case "dead" -> " AND " + CANDIDATES.formatted("'dead'");
            case "queued" -> " AND " + CANDIDATES.formatted("'pending', 'in_flight'");
            default -> "";
        }).orElse("");
        String sql = "SELECT * FROM (SELECT e.rowid AS seq, e.event_id, e.route, e.demo_id, e.action, e.received_at, "
                + STATUS + " AS status, "
                + "(SELECT COALESCE(SUM(j.attempts), 0) FROM jobs j WHERE j.event_id = e.event_id) AS attempts, "
                + "(SELECT j.last_error FROM jobs j WHERE j.event_id = e.event_id AND j.last_error IS NOT NULL "
                + "ORDER BY j.id DESC LIMIT 1) AS last_error, "
                + "(SELECT j.notion_page_id FROM jobs j WHERE j.event_id = e.event_id AND j.kind = ?) AS notion_page_id "
                + "FROM events e WHERE e.rowid < ?" + narrow + " ORDER BY e.rowid DESC) "
                + "WHERE ? IS NULL OR status = ? LIMIT ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, JobKind.INTERACTION_PAGE.dbName());
                ps.setLong(2, before.orElse(Long.MAX_VALUE));
                ps.setString(3, status.orElse(null));
                ps.setString(4, status.orElse(null));
                ps.setInt(5, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Row> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong("seq"), rs.getString("event_id"), rs.getString("route"),
                                rs.getString("demo_id"), rs.getString("action"), rs.getString("received_at"),
                                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                                rs.getString("notion_page_id")));
                    }
                    // One row past the limit tells whether another page exists.
                    boolean more = rows.size() > limit;
                    List<Row> shown = more ? rows.subList(0, limit) : rows;
                    return new Page(shown, more ? Optional.of(shown.get(shown.size() - 1).seq()) : Optional.empty());
                }
            }
        });
    }
}
