package com.notionrelay.sync;

import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code sync_runs} table: one row a run, opened when it starts and closed when it ends. */
public final class SyncRunStore {

    private static final String COLUMNS =
            "id, started_at, finished_at, mode, status, pages_seen, errors, error, notion_requests, relation_reads, "
                    + "relations_unchanged";

    private final Database db;

    public SyncRunStore(Database db) {
        this.db = db;
    }

    long start(Instant at, String mode) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_runs(started_at, mode, status) VALUES (?, ?, 'running')")) {
                ps.setString(1, at.toString());
                ps.setString(2, mode);
                ps.executeUpdate();
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    void finish(long id, Instant at, String mode, boolean ok, int pagesSeen, int errors, String error,
                SyncRun.Spend spend) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET finished_at = ?, mode = ?, status = ?, "
                    + "pages_seen = ?, errors = ?, error = ?, notion_requests = ?, relation_reads = ?, "
                    + "relations_unchanged = ? WHERE id = ?")) {
                ps.setString(1, at.toString());
                ps.setString(2, mode);
                ps.setString(3, ok ? "ok" : "failed");
                ps.setInt(4, pagesSeen);
                ps.setInt(5, errors);
                ps.setString(6, error);
                ps.setInt(7, spend.requests());
                ps.setInt(8, spend.relationReads());
                ps.setInt(9, spend.relationsUnchanged());
                ps.setLong(10, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Runs left 'running' by a process that died; called only by the lease holder, so none is live. */
    int abandonRunning(Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET status = 'failed', finished_at = ?, "
                    + "error = 'interrupted: the process stopped before the run ended' WHERE status = 'running'")) {
                ps.setString(1, at.toString());
                return ps.executeUpdate();
            }
        });
    }

    /** The most recent run, finished or not. */
    public Optional<SyncRun> last() {
        return one("SELECT " + COLUMNS + " FROM sync_runs ORDER BY id DESC LIMIT 1");
    }

    /** The most recent run that completed without error: how fresh the cache is. */
    public Optional<SyncRun> lastSuccessful() {
        return one("SELECT " + COLUMNS + " FROM sync_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1");
    }

    /** How many runs ended with this status ({@code ok} or {@code failed}), ever: the sync runs counter. */
    public long countFinished(String status) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_runs WHERE status = ?")) {
                ps.setString(1, status);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Notion requests of the runs started at or after {@code since} (runs still going not yet counted). */
    public long requestsSince(Instant since) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(notion_requests), 0) FROM sync_runs WHERE started_at >= ?")) {
                ps.setString(1, since.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private Optional<SyncRun> one(String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        });
    }

    private static SyncRun read(ResultSet rs) throws SQLException {
        String finished = rs.getString(3);
        return new SyncRun(rs.getLong(1), Instant.parse(rs.getString(2)),
                Optional.ofNullable(finished).map(Instant::parse), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getInt(7), Optional.ofNullable(rs.getString(8)), spend(rs));
    }

    private static Optional<SyncRun.Spend> spend(ResultSet rs) throws SQLException {
        int requests = rs.getInt(9);
        return rs.wasNull() ? Optional.empty() : Optional.of(new SyncRun.Spend(requests, rs.getInt(10), rs.getInt(11)));
    }
}
