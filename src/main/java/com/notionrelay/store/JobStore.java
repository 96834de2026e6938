package com.notionrelay.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code jobs} table: the outbox of Notion writes still to do, done, or dead-lettered. */
public final class JobStore {

    private static final String COLUMNS =
            "id, event_id, kind, state, attempts, run_at, created_at, verify_first, last_error, notion_page_id, target";

    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    void insert(Connection c, String eventId, JobKind kind, String target, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs(event_id, kind, state, run_at, created_at, "
                + "updated_at, target) VALUES (?, ?, 'pending', ?, ?, ?, ?)")) {
            ps.setString(1, eventId);
            ps.setString(2, kind.dbName());
            ps.setLong(3, nowMillis);
            ps.setLong(4, nowMillis);
            ps.setLong(5, nowMillis);
            ps.setString(6, target);
            ps.executeUpdate();
        }
    }

    /**
     * Takes the next due job whose target is not paused and marks it in flight, atomically, so two
     * workers never share one. Jobs writing to one demo page go one at a time, oldest first: two
     * appends in flight could each adopt the other's block when checking for an earlier write, and
     * an older property update must not land after a newer one. Interactions pages have their own
     * key and go in parallel.
     */
    public Optional<Job> claimDue(long nowMillis) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET state = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE id = ("
                            + "SELECT j.id FROM jobs j WHERE j.state = 'pending' AND j.run_at <= ? AND (j.target IS NULL OR "
                            + "j.target NOT IN (SELECT target FROM paused_targets)) AND (j.target IS NULL OR j.target = ? "
                            + "OR NOT EXISTS (SELECT 1 FROM jobs o WHERE o.target = j.target "
                            + "AND o.state IN ('pending', 'in_flight') AND o.id < j.id)) "
                            + "ORDER BY j.run_at, j.id LIMIT 1) RETURNING " + COLUMNS)) {
                ps.setLong(1, nowMillis);
                ps.setLong(2, nowMillis);
                ps.setString(3, JobKind.INTERACTIONS_TARGET);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * After a crash, jobs left in flight may or may not have reached Notion: put them back, due at
     * {@code runAtMillis}, and make their next attempt look for the effect before repeating it.
     */
    public int recoverInFlight(long runAtMillis) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET state = 'pending', verify_first = 1, run_at = ?, updated_at = ? WHERE state = 'in_flight'")) {
                ps.setLong(1, runAtMillis);
                ps.setLong(2, runAtMillis);
                return ps.executeUpdate();
            }
        });
    }

    public void markDone(long jobId, String notionPageId, long nowMillis) {
        update("UPDATE jobs SET state = 'done', notion_page_id = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                notionPageId, nowMillis, jobId);
    }

    /** Back to pending, due at {@code runAtMillis}; the error is kept for /api/events and status. */
    public void reschedule(long jobId, long runAtMillis, String error, boolean verifyFirst, long nowMillis) {
        update("UPDATE jobs SET state = 'pending', run_at = ?, last_error = ?, verify_first = ?, updated_at = ? WHERE id = ?",
                runAtMillis, error, verifyFirst ? 1 : 0, nowMillis, jobId);
    }

    /**
     * Back to pending without counting the attempt: the failure was one a person must fix (token,
     * sharing), and the job waits for its target's pause to lift.
     */
    public void park(long jobId, String error, boolean verifyFirst, long nowMillis) {
        update("UPDATE jobs SET state = 'pending', attempts = MAX(attempts - 1, 0), run_at = ?, last_error = ?, "
                + "verify_first = ?, updated_at = ? WHERE id = ?", nowMillis, error, verifyFirst ? 1 : 0, nowMillis, jobId);
    }

    /** One job waiting on {@code target}, to probe with. */
    public Optional<Job> oneWaitingFor(String target) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM jobs WHERE state = 'pending' AND target = ? ORDER BY run_at, id LIMIT 1")) {
                ps.setString(1, target);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Dead letters back to pending with a fresh count and age. Their next attempt checks for an
     * earlier write first, since a dead letter may have followed an ambiguous failure.
     *
     * @param eventId only this event's dead jobs, or all when null
     * @return how many jobs were replayed
     */
    public int replayDead(String eventId, long nowMillis) {
        String sql = "UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, created_at = ?, verify_first = 1, "
                + "updated_at = ? WHERE state = 'dead'";
        return eventId == null ? update(sql, nowMillis, nowMillis, nowMillis)
                : update(sql + " AND event_id = ?", nowMillis, nowMillis, nowMillis, eventId);
    }

    /** Dead letters, newest first, for status and the operator. */
    public List<Job> deadLetters(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM jobs WHERE state = 'dead' ORDER BY updated_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Job> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                    return out;
                }
            }
        });
    }

    public void markDead(long jobId, String error, long nowMillis) {
        update("UPDATE jobs SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ?", error, nowMillis, jobId);
    }

    public List<Job> forEvent(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE event_id = ? ORDER BY id")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Job> jobs = new ArrayList<>();
                while (rs.next()) {
                    jobs.add(read(rs));
                }
                return jobs;
            }
        }
    }

    /** True when some job has already recorded this Notion object as the one it wrote. */
    public boolean isRecorded(String notionObjectId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE notion_page_id = ? LIMIT 1")) {
                ps.setString(1, notionObjectId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public Map<JobState, Long> countsByState() {
        return db.read(c -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (JobState s : JobState.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM jobs GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobState.fromDb(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** Milliseconds until the earliest pending job is due, or empty when none is pending. */
    public Optional<Long> nextRunAt() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(run_at) FROM jobs WHERE state = 'pending'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(v);
            }
        });
    }

    private int update(String sql, Object... args) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    private static Job read(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("event_id"), JobKind.fromDb(rs.getString("kind")),
                JobState.fromDb(rs.getString("state")), rs.getInt("attempts"), rs.getLong("run_at"),
                rs.getLong("created_at"), rs.getInt("verify_first") == 1, rs.getString("last_error"),
                rs.getString("notion_page_id"), rs.getString("target"));
    }
}
