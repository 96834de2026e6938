package com.notionrelay.sync;

import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The {@code sync_state} table: per data source, the incremental watermark and the last full pass. */
public final class SyncStateStore {

    record SourceState(Optional<Instant> watermark, Optional<Instant> lastFullAt) {
    }

    private final Database db;

    public SyncStateStore(Database db) {
        this.db = db;
    }

    /** Whether a pass over this data source has ever completed (its pages are all cached). */
    public boolean completedOnce(String dataSourceId) {
        return state(dataSourceId).watermark().isPresent();
    }

    SourceState state(String dataSourceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT watermark, last_full_at FROM sync_state WHERE data_source_id = ?")) {
                ps.setString(1, dataSourceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new SourceState(Optional.empty(), Optional.empty());
                    }
                    return new SourceState(Optional.ofNullable(rs.getString(1)).map(Instant::parse),
                            Optional.ofNullable(rs.getString(2)).map(Instant::parse));
                }
            }
        });
    }

    /**
     * A pass over the data source completed: everything edited before {@code watermark} is cached.
     * Called only after the last page of the pass is stored, so a failed pass never moves it.
     */
    void completed(String dataSourceId, Instant watermark, boolean full) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_state(data_source_id, watermark, last_full_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT(data_source_id) DO UPDATE SET watermark = excluded.watermark, "
                            + "last_full_at = COALESCE(excluded.last_full_at, sync_state.last_full_at)")) {
                ps.setString(1, dataSourceId);
                ps.setString(2, watermark.toString());
                ps.setString(3, full ? watermark.toString() : null);
                return ps.executeUpdate();
            }
        });
    }
}
