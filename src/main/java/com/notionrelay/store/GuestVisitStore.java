package com.notionrelay.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The {@code guest_visits} table: the first event of each guest on each demo. */
public final class GuestVisitStore {

    private static final String INSERT = "INSERT INTO guest_visits(demo_id, guest_key, first_event_id, first_seen_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT(demo_id, guest_key) DO NOTHING";

    /** @return true when this is the guest's first visit to the demo (and it is now recorded) */
    boolean recordIfFirst(WriterConnection w, String demoId, String guestKey, String eventId, Instant at) throws SQLException {
        PreparedStatement ps = w.prepared(INSERT);
        ps.setString(1, demoId);
        ps.setString(2, guestKey);
        ps.setString(3, eventId);
        ps.setString(4, at.toString());
        return ps.executeUpdate() == 1;
    }
}
