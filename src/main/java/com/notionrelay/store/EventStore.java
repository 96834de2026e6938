package com.notionrelay.store;

import com.notionrelay.event.EventCodec;
import com.notionrelay.event.InteractionEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code events} table: the inbox of accepted events, keyed by their idempotency key. */
public final class EventStore {

    /**
     * An event ready to insert, its body already serialised: made on the request's thread, so the
     * one intake writer only runs SQL.
     */
    public record Row(InteractionEvent event, String body, Instant receivedAt) {
        public static Row of(InteractionEvent event, Instant receivedAt) {
            return new Row(event, EventCodec.toJson(event).toString(), receivedAt);
        }
    }

    private static final String INSERT = "INSERT INTO events(event_id, route, demo_id, action, body, received_at) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING";

    /** @return false when an event with that id is already stored (nothing is written then) */
    boolean insertIfAbsent(WriterConnection w, Row row) throws SQLException {
        InteractionEvent e = row.event();
        PreparedStatement ps = w.prepared(INSERT);
        ps.setString(1, e.eventId());
        ps.setString(2, e.route());
        ps.setString(3, e.demoId().value());
        ps.setString(4, e.action());
        ps.setString(5, row.body());
        ps.setString(6, row.receivedAt().toString());
        return ps.executeUpdate() == 1;
    }

    public Optional<InteractionEvent> find(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM events WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(EventCodec.fromJson(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
