package com.notionrelay.store;

import com.notionrelay.notion.DataSourceIds;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The {@code notion_targets} table: configured database ids and the data source each resolved to. */
public final class TargetStore implements DataSourceIds {

    private final Database db;

    public TargetStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> dataSourceFor(String configuredId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT data_source_id FROM notion_targets WHERE configured_id = ?")) {
                ps.setString(1, configuredId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void remember(String configuredId, String dataSourceId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO notion_targets(configured_id, data_source_id, resolved_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT(configured_id) DO UPDATE SET data_source_id = excluded.data_source_id, "
                            + "resolved_at = excluded.resolved_at")) {
                ps.setString(1, configuredId);
                ps.setString(2, dataSourceId);
                ps.setString(3, Instant.now().toString());
                return ps.executeUpdate();
            }
        });
    }
}
