package com.notionrelay.cache;

import com.google.gson.JsonParser;
import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The {@code data_sources} table: the last schema seen for each synced data source. */
public final class SchemaStore {

    private final Database db;

    public SchemaStore(Database db) {
        this.db = db;
    }

    public void upsert(DataSourceSchema schema) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO data_sources(id, title, properties, synced_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT(id) DO UPDATE SET title = excluded.title, properties = excluded.properties, "
                            + "synced_at = excluded.synced_at")) {
                ps.setString(1, schema.id());
                ps.setString(2, schema.title());
                ps.setString(3, schema.properties().toString());
                ps.setString(4, Instant.now().toString());
                return ps.executeUpdate();
            }
        });
    }

    public Optional<DataSourceSchema> find(String dataSourceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, properties FROM data_sources WHERE id = ?")) {
                ps.setString(1, dataSourceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new DataSourceSchema(rs.getString(1), rs.getString(2),
                                    JsonParser.parseString(rs.getString(3)).getAsJsonObject()))
                            : Optional.empty();
                }
            }
        });
    }
}
