package com.notionrelay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code paused_targets} table: Notion targets delivery waits on until a person fixes the
 * token or the sharing. Kept in SQLite so {@code status} in another process sees them too.
 */
public final class PauseStore {

    public record Pause(String target, String reason, long sinceMillis, long nextProbeAtMillis) {
    }

    private final Database db;

    public PauseStore(Database db) {
        this.db = db;
    }

    /** @return true when the target was not paused before (so the caller logs it once) */
    public boolean pause(String target, String reason, long nowMillis, long nextProbeAtMillis) {
        return db.inTransaction(c -> {
            boolean existed;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM paused_targets WHERE target = ?")) {
                ps.setString(1, target);
                try (ResultSet rs = ps.executeQuery()) {
                    existed = rs.next();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO paused_targets(target, reason, since, next_probe_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT(target) DO UPDATE SET reason = excluded.reason")) { // keeps its probe schedule
                ps.setString(1, target);
                ps.setString(2, reason);
                ps.setLong(3, nowMillis);
                ps.setLong(4, nextProbeAtMillis);
                ps.executeUpdate();
            }
            return !existed;
        });
    }

    public void probeAgainAt(String target, long nextProbeAtMillis) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE paused_targets SET next_probe_at = ? WHERE target = ?")) {
                ps.setLong(1, nextProbeAtMillis);
                ps.setString(2, target);
                return ps.executeUpdate();
            }
        });
    }

    public void resume(String target) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paused_targets WHERE target = ?")) {
                ps.setString(1, target);
                return ps.executeUpdate();
            }
        });
    }

    public List<Pause> all() {
        return list("SELECT target, reason, since, next_probe_at FROM paused_targets ORDER BY since", -1);
    }

    /** When the next probe of any paused target is due, or empty when nothing is paused. */
    public java.util.Optional<Long> nextProbeAt() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(next_probe_at) FROM paused_targets");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? java.util.Optional.<Long>empty() : java.util.Optional.of(v);
            }
        });
    }

    public List<Pause> dueForProbe(long nowMillis) {
        return list("SELECT target, reason, since, next_probe_at FROM paused_targets WHERE next_probe_at <= ? "
                + "ORDER BY next_probe_at", nowMillis);
    }

    private List<Pause> list(String sql, long bound) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (bound >= 0) {
                    ps.setLong(1, bound);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<Pause> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Pause(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                    }
                    return out;
                }
            }
        });
    }
}
