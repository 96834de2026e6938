package com.notionrelay.store;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;

/**
 * A named lease row in SQLite, so that only one process does a job on a file at a time (syncing;
 * delivering). It expires on its own, so a killed holder blocks nobody for longer than the TTL;
 * the holder renews it as it goes. The rows live in {@code sync_lease}, named for its first use.
 */
public final class Lease {

    private final Database db;
    private final Clock clock;
    private final String name;

    public Lease(Database db, Clock clock, String name) {
        this.db = db;
        this.clock = clock;
        this.name = name;
    }

    /** True when {@code holder} now holds the lease (it was free, expired, or already its own). */
    public boolean tryAcquire(String holder, Duration ttl) {
        long now = clock.millis();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_lease(name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
                            + "SET holder = excluded.holder, expires_at = excluded.expires_at "
                            + "WHERE sync_lease.expires_at < ? OR sync_lease.holder = excluded.holder")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setLong(3, now + ttl.toMillis());
                ps.setLong(4, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Whether some process holds the lease now (its holder renewed it within the TTL). */
    public boolean isHeld() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sync_lease WHERE name = ? AND expires_at >= ?")) {
                ps.setString(1, name);
                ps.setLong(2, clock.millis());
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public void release(String holder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_lease WHERE name = ? AND holder = ?")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }
}
