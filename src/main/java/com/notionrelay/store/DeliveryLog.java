package com.notionrelay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events as they reached Notion, read from the stored times alone (no hook in delivery): the
 * metrics use it for the delivery lag and the delivered-per-minute chart.
 */
public final class DeliveryLog {

    /** One event in Notion: its Interactions page job, when the event was accepted and when the job finished. */
    public record Delivered(long jobId, Instant acceptedAt, long deliveredAtMillis) {
    }

    private final Database db;

    public DeliveryLog(Database db) {
        this.db = db;
    }

    /**
     * Interactions pages finished at or after {@code sinceMillis}, oldest first. An event counts as
     * in Notion once its Interactions page is; its other effects are separate jobs.
     */
    public List<Delivered> deliveredSince(long sinceMillis) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT j.id, e.received_at, j.updated_at FROM jobs j "
                    + "JOIN events e ON e.event_id = j.event_id "
                    + "WHERE j.state = ? AND j.kind = ? AND j.updated_at >= ? ORDER BY j.updated_at, j.id")) {
                ps.setString(1, JobState.DONE.dbName());
                ps.setString(2, JobKind.INTERACTION_PAGE.dbName());
                ps.setLong(3, sinceMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Delivered> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Delivered(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getLong(3)));
                    }
                    return out;
                }
            }
        });
    }
}
