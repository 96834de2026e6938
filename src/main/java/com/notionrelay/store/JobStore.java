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

/**
 * The {@code jobs} table: the outbox of Notion writes still to do, done, or dead-lettered. Who
 * moves a job between states is documented on {@link JobState}. Every update of a claimed job
 * names the lease generation that claimed it and returns whether it changed anything: a process
 * that lost the delivery lease gets {@code false} and leaves the new owner's work alone.
 */
public final class JobStore {

    private static final String COLUMNS = "id, event_id, kind, state, attempts, run_at, created_at, verify_first, "
            + "last_error, notion_page_id, target, claim_generation, parked_on, verify_misses, carried_by";

    /**
     * Which pending jobs a worker may take, in the order it takes them. Shared by the claim and by
     * the question "when is the next one due?", so a worker never wakes for a job it could not claim.
     * {@code %1$s}: the index to walk, {@code %2$s}: an extra condition (a lane). Parameter: the
     * Interactions target (its jobs run in parallel).
     */
    private static final String CLAIMABLE = sql("""
            -- walk only claimable jobs in due order; without the hint the planner may pick jobs_due, whose
            -- pending rows include every parked job
            FROM jobs j INDEXED BY %1$s
            -- waiting, and not parked behind a paused target or a missing page (the partial index's condition)
            WHERE j.state = {pending} AND j.parked_on IS NULL %2$s
              -- jobs writing to one demo page go one at a time, oldest first: two appends in flight could each
              -- adopt the other's block when checking for an earlier write, and an older property update must
              -- not land after a newer one. Interactions pages have their own key and go in parallel.
              AND (j.target IS NULL OR j.target = ? OR NOT EXISTS (
                    SELECT 1 FROM jobs o WHERE o.target = j.target AND o.state IN ({pending}, {in_flight}) AND o.id < j.id))
            """);

    private static String claimIn(Lane lane) {
        return sql("""
            UPDATE jobs SET state = {in_flight}, attempts = attempts + 1, claim_generation = ?, updated_at = ?
            WHERE id = (
                SELECT j.id %s
                  -- due: its backoff or Retry-After is over
                  AND j.run_at <= ?
                -- the longest-waiting first within the lane
                ORDER BY j.run_at, j.id LIMIT 1)
              -- only while this process holds the delivery lease in the generation it claims with
              AND (SELECT generation FROM sync_lease WHERE name = ? AND holder = ? AND expires_at >= ?) = ?
            RETURNING %s""".formatted(CLAIMABLE.formatted(lane.index, "AND " + lane.condition), COLUMNS));
    }

    private static final Map<Lane, String> CLAIM = Map.of(Lane.VISIBLE, claimIn(Lane.VISIBLE), Lane.LOG, claimIn(Lane.LOG));

    /** Package-visible so a test can read its query plan. */
    static final String NEXT_DUE = "SELECT j.run_at " + CLAIMABLE.formatted("jobs_claimable", "")
            + " ORDER BY j.run_at, j.id LIMIT 1";

    /** The pause a job of target {@code ?2} waits for now, if any: the token's (it holds every target), else its target's. */
    private static final String PAUSE_OF = "COALESCE((SELECT target FROM paused_targets WHERE target = ?), "
            + "(SELECT target FROM paused_targets WHERE target = ?))";

    /** The conditions on every update of a claimed job: still in flight, under the claim we made. */
    private static final String FENCE = sql(" WHERE id = ? AND state = {in_flight} AND claim_generation = ?");

    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    private static final String INSERT = sql("INSERT INTO jobs(event_id, kind, state, run_at, created_at, "
            + "updated_at, target, parked_on) VALUES (?, ?, {pending}, ?, ?, ?, ?, " + PAUSE_OF + ")");

    /** Inserted parked when its target is paused, so the claim never walks past it. */
    void insert(WriterConnection w, String eventId, JobKind kind, String target, long nowMillis) throws SQLException {
        PreparedStatement ps = w.prepared(INSERT);
        ps.setString(1, eventId);
        ps.setString(2, kind.dbName());
        ps.setLong(3, nowMillis);
        ps.setLong(4, nowMillis);
        ps.setLong(5, nowMillis);
        ps.setString(6, target);
        ps.setString(7, Targets.TOKEN);
        ps.setString(8, target);
        ps.executeUpdate();
    }

    /**
     * Takes the next claimable due job, trying {@code lanes} in order, and marks it in flight under
     * {@code generation}: one indexed statement per lane, so two workers never share a job and a
     * process that lost the lease claims nothing.
     */
    public Optional<Job> claimDue(long nowMillis, String leaseName, String holder, long generation, List<Lane> lanes) {
        for (Lane lane : lanes) {
            Optional<Job> job = claimDue(nowMillis, leaseName, holder, generation, lane);
            if (job.isPresent()) {
                return job;
            }
        }
        return Optional.empty();
    }

    /** {@link #claimDue(long, String, String, long, List)} with visible effects first. */
    public Optional<Job> claimDue(long nowMillis, String leaseName, String holder, long generation) {
        return claimDue(nowMillis, leaseName, holder, generation, List.of(Lane.VISIBLE, Lane.LOG));
    }

    private Optional<Job> claimDue(long nowMillis, String leaseName, String holder, long generation, Lane lane) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLAIM.get(lane))) {
                ps.setLong(1, generation);
                ps.setLong(2, nowMillis);
                ps.setString(3, JobKind.INTERACTIONS_TARGET);
                ps.setLong(4, nowMillis);
                ps.setString(5, leaseName);
                ps.setString(6, holder);
                ps.setLong(7, nowMillis);
                ps.setLong(8, generation);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** When the next job a worker could claim is due (maybe already past), or empty when none could be. */
    public Optional<Long> nextClaimableAt() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(NEXT_DUE)) {
                ps.setString(1, JobKind.INTERACTIONS_TARGET);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Jobs left in flight by a lease that has expired (any generation but {@code currentGeneration},
     * which this process now holds) may or may not have reached Notion: put them back, due at
     * {@code runAtMillis}, and make their next attempt look for the effect before repeating it.
     */
    public int recoverInFlight(long currentGeneration, long runAtMillis) {
        return update(sql("UPDATE jobs SET state = {pending}, verify_first = 1, verify_misses = 0, run_at = ?, "
                        + "updated_at = ? WHERE state = {in_flight} AND (claim_generation IS NULL OR claim_generation <> ?)"),
                runAtMillis, runAtMillis, currentGeneration);
    }

    /** @return false when the job is no longer this claim's (the lease changed hands): nothing changed */
    public boolean markDone(Job claimed, String notionPageId, long nowMillis) {
        return markDone(claimed, notionPageId, 0, nowMillis);
    }

    /** @param carriedBy the job whose request carried this one's effect too, 0 when it went on its own */
    public boolean markDone(Job claimed, String notionPageId, long carriedBy, long nowMillis) {
        return update(sql("UPDATE jobs SET state = {done}, notion_page_id = ?, last_error = NULL, carried_by = ?, "
                        + "updated_at = ?") + FENCE, notionPageId, carriedBy == 0 ? null : carriedBy, nowMillis,
                claimed.id(), claimed.claimGeneration()) == 1;
    }

    /**
     * Coalescing: claims, under the lead's generation, up to {@code limit} jobs of the same kind
     * and target as {@code lead} that wait behind it and have not started (not parked, no earlier
     * attempt that may have landed), so one request carries them all. Oldest first.
     */
    public List<Job> claimFollowers(Job lead, int limit, long nowMillis) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql("""
                    UPDATE jobs SET state = {in_flight}, attempts = attempts + 1, claim_generation = ?, updated_at = ?
                    WHERE id IN (
                        -- the same kind for the same demo page, accepted after the lead (jobs_by_target)
                        SELECT id FROM jobs WHERE target = ? AND kind = ? AND state = {pending} AND id > ?
                          -- not waiting for a pause, and nothing to look up first
                          AND parked_on IS NULL AND verify_first = 0
                        ORDER BY id LIMIT ?)
                    RETURNING""" + " " + COLUMNS))) {
                ps.setLong(1, lead.claimGeneration());
                ps.setLong(2, nowMillis);
                ps.setString(3, lead.target());
                ps.setString(4, lead.kind().dbName());
                ps.setLong(5, lead.id());
                ps.setInt(6, limit);
                List<Job> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                out.sort(java.util.Comparator.comparingLong(Job::id)); // RETURNING promises no order
                return out;
            }
        });
    }

    /**
     * Back to pending, due at {@code runAtMillis}; the error is kept for /api/events and status.
     *
     * @param verifyMisses look-ups that found nothing since the last ambiguous write
     * @param counted      false when the attempt was only a look-up that must be repeated: it does not
     *                     count towards the attempt limit
     */
    public boolean reschedule(Job claimed, long runAtMillis, String error, boolean verifyFirst, int verifyMisses,
                              boolean counted, long nowMillis) {
        return update(sql("UPDATE jobs SET state = {pending}, run_at = ?, last_error = ?, verify_first = ?, "
                        + "verify_misses = ?, attempts = MAX(attempts - ?, 0), updated_at = ?") + FENCE,
                runAtMillis, error, verifyFirst ? 1 : 0, verifyMisses, counted ? 0 : 1, nowMillis, claimed.id(),
                claimed.claimGeneration()) == 1;
    }

    /**
     * Back to pending, parked on {@code pause}, without counting the attempt: the failure was one a
     * person must fix (token, sharing, a missing page), and the job waits until that pause lifts.
     */
    public boolean park(Job claimed, String pause, String error, boolean verifyFirst, long nowMillis) {
        return update(sql("UPDATE jobs SET state = {pending}, attempts = MAX(attempts - 1, 0), run_at = ?, "
                        + "parked_on = ?, last_error = ?, verify_first = ?, updated_at = ?") + FENCE,
                nowMillis, pause, error, verifyFirst ? 1 : 0, nowMillis, claimed.id(), claimed.claimGeneration()) == 1;
    }

    public boolean markDead(Job claimed, String error, long nowMillis) {
        return update(sql("UPDATE jobs SET state = {dead}, last_error = ?, updated_at = ?") + FENCE,
                error, nowMillis, claimed.id(), claimed.claimGeneration()) == 1;
    }

    /**
     * A target was paused: its waiting jobs park too, so claims stop walking past them.
     *
     * @return how many were parked
     */
    public int parkTarget(String target) {
        if (target.equals(Targets.TOKEN)) { // nothing works without the token
            return update(sql("UPDATE jobs SET parked_on = ? WHERE state = {pending} AND parked_on IS NULL"), target);
        }
        return update(sql("UPDATE jobs SET parked_on = ? WHERE target = ? AND state = {pending} AND parked_on IS NULL"),
                target, target);
    }

    /** A pause lifted: the jobs parked on it can be claimed again (those waiting out a backoff keep waiting). */
    public int unpark(String pause) {
        return update("UPDATE jobs SET parked_on = NULL WHERE parked_on = ?", pause);
    }

    /** Whether any job waits for {@code pause}: a pause nobody waits for is not worth a probe. */
    public boolean anyParkedOn(String pause) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE parked_on = ? LIMIT 1")) {
                ps.setString(1, pause);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Parked jobs accepted before {@code createdBeforeMillis} become dead letters, whether or not
     * they were tried again, so a broken target costs a bounded time.
     *
     * @return how many
     */
    public int ageOutParked(long createdBeforeMillis, String why, long nowMillis) {
        return update(sql("UPDATE jobs SET state = {dead}, parked_on = NULL, "
                        + "last_error = COALESCE(last_error, 'waiting for an operator') || ?, updated_at = ? "
                        + "WHERE parked_on IS NOT NULL AND created_at < ? AND state = {pending}"),
                why, nowMillis, createdBeforeMillis);
    }

    /** When the oldest parked job was accepted: the next one to age out. */
    public Optional<Long> oldestParkedCreatedAt() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(created_at) FROM jobs WHERE parked_on IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(v);
            }
        });
    }

    /**
     * Dead letters back to pending with a fresh count and age. Their next attempt checks for an
     * earlier write first, since a dead letter may have followed an ambiguous failure. A replayed
     * job keeps its place (its id) among the jobs of its demo page; {@code newerDone} lets a
     * handler leave alone what newer jobs already wrote.
     *
     * @param eventId only this event's dead jobs, or all when null
     * @return how many jobs were replayed
     */
    public int replayDead(String eventId, long nowMillis) {
        String sql = sql("UPDATE jobs SET state = {pending}, attempts = 0, run_at = ?, created_at = ?, verify_first = 1, "
                + "verify_misses = 0, parked_on = COALESCE((SELECT target FROM paused_targets WHERE target = ?), "
                + "(SELECT target FROM paused_targets WHERE target = jobs.target)), updated_at = ? WHERE state = {dead}");
        return eventId == null ? update(sql, nowMillis, nowMillis, Targets.TOKEN, nowMillis)
                : update(sql + " AND event_id = ?", nowMillis, nowMillis, Targets.TOKEN, nowMillis, eventId);
    }

    /**
     * Events whose {@code kind} job on the same target as {@code eventId}'s was accepted later and
     * is already done, oldest first: what a replayed older job must not overwrite.
     */
    public List<String> newerDone(String eventId, JobKind kind) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql("""
                    SELECT n.event_id FROM jobs me JOIN jobs n ON n.target = me.target AND n.kind = me.kind AND n.id > me.id
                    WHERE me.event_id = ? AND me.kind = ? AND n.state = {done} ORDER BY n.id"""))) {
                ps.setString(1, eventId);
                ps.setString(2, kind.dbName());
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    /** Dead letters, newest first, for status and the operator. */
    public List<Job> deadLetters(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql(
                    "SELECT " + COLUMNS + " FROM jobs WHERE state = {dead} ORDER BY updated_at DESC, id DESC LIMIT ?"))) {
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

    /** A job by id, as stored now. */
    public Optional<Job> find(long jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The event a job belongs to (empty when no such job is kept). */
    public Optional<String> eventOf(Connection c, long jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM jobs WHERE id = ?")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
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

    /**
     * Writes states into SQL as literals from {@link JobState} ({@code {pending}} → {@code 'pending'}):
     * literals, not parameters, so the planner can use the partial indexes that name them.
     */
    private static String sql(String text) {
        String out = text;
        for (JobState s : JobState.values()) {
            out = out.replace("{" + s.dbName() + "}", "'" + s.dbName() + "'");
        }
        return out;
    }

    private static Job read(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("event_id"), JobKind.fromDb(rs.getString("kind")),
                JobState.fromDb(rs.getString("state")), rs.getInt("attempts"), rs.getLong("run_at"),
                rs.getLong("created_at"), rs.getInt("verify_first") == 1, rs.getString("last_error"),
                rs.getString("notion_page_id"), rs.getString("target"), rs.getLong("claim_generation"),
                rs.getString("parked_on"), rs.getInt("verify_misses"), rs.getLong("carried_by"));
    }
}
