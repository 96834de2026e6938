package com.notionrelay.sync;

import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;

/**
 * A lease row in SQLite so that only one process syncs a file at a time (the server's schedule
 * and a {@code sync} command, say). It expires on its own, so a killed holder blocks nobody for
 * longer than the TTL; the holder renews it as it goes.
 */
final class SyncLease {

    private static final String NAME = "sync";

    private final Database db;
    private final Clock clock;

    SyncLease(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** True when {@code holder} now holds the lease (it was free, expired, or already its own). */
    boolean tryAcquire(String holder, Duration ttl) {
        long now = clock.millis();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_lease(name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
                            + "SET holder = excluded.holder, expires_at = excluded.expires_at "
                            + "WHERE sync_lease.expires_at < ? OR sync_lease.holder = excluded.holder")) {
                ps.setString(1, NAME);
                ps.setString(2, holder);
                ps.setLong(3, now + ttl.toMillis());
                ps.setLong(4, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    void release(String holder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_lease WHERE name = ? AND holder = ?")) {
                ps.setString(1, NAME);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }
}
