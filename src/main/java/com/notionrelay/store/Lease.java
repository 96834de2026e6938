package com.notionrelay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A named lease row in SQLite, so that only one process does a job on a file at a time (syncing;
 * delivering). It expires on its own, so a killed holder blocks nobody for longer than the TTL;
 * the holder renews it as it goes. The rows live in {@code sync_lease}, named for its first use.
 *
 * <p>Each time the lease changes hands its <em>generation</em> grows (renewals by the same holder
 * keep it), so work claimed under one generation can be fenced off once another holder has it.
 * Time comes from the injected clock: a clock jumping forward past the TTL makes the lease look
 * expired to a second process, which then takes it over with a new generation; the first holder's
 * claims are fenced from that moment, so a jump costs a hand-over, never two owners of one job.
 */
public final class Lease {

    /** The lease of the one process that delivers from a file. */
    public static final String DELIVERY = "delivery";

    private final Database db;
    private final Clock clock;
    private final String name;

    public Lease(Database db, Clock clock, String name) {
        this.db = db;
        this.clock = clock;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** True when {@code holder} now holds the lease (it was free, expired, or already its own). */
    public boolean tryAcquire(String holder, Duration ttl) {
        return acquire(holder, ttl).isPresent();
    }

    /**
     * Takes or renews the lease for {@code holder}.
     *
     * @return the generation now held, or empty when another holder has it
     */
    public OptionalLong acquire(String holder, Duration ttl) {
        long now = clock.millis();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_lease(name, holder, expires_at, generation) VALUES (?, ?, ?, 1)
                    ON CONFLICT(name) DO UPDATE SET
                        -- a renewal keeps the generation; a hand-over (or a first use after V007) starts the next one
                        generation = CASE WHEN sync_lease.holder = excluded.holder AND sync_lease.generation IS NOT NULL
                                          THEN sync_lease.generation ELSE COALESCE(sync_lease.generation, 0) + 1 END,
                        holder = excluded.holder,
                        expires_at = excluded.expires_at
                    -- only when free (expired or released) or already ours
                    WHERE sync_lease.expires_at < ? OR sync_lease.holder = excluded.holder
                    RETURNING generation""")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setLong(3, now + ttl.toMillis());
                ps.setLong(4, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
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

    /**
     * Lets another process take over at once. The row stays (expired) so its generation keeps
     * growing: a fresh row would restart at 1 and could match jobs an earlier holder left in flight.
     */
    public void release(String holder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_lease SET expires_at = -1 WHERE name = ? AND holder = ?")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }
}
