package com.notionrelay.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies numbered migrations in order, each in its own transaction together with its row in
 * {@code schema_version}, so a crash mid-migration leaves the previous version intact.
 */
public final class Migrations {

    /** Every migration the relay ships, in order. Append only: never edit or renumber one that shipped. */
    public static final List<Migration> SHIPPED = List.of(
            new Migration(1, "inbox, jobs, notion targets, page cache", "db/V001__init.sql"),
            new Migration(2, "guest visits for route modules", "db/V002__route_modules.sql"),
            new Migration(3, "job targets and paused targets", "db/V003__job_targets_and_pauses.sql"),
            new Migration(4, "data source schemas, page values, sync state and runs", "db/V004__sync_and_lookups.sql"),
            new Migration(5, "cache change log for the in-memory relation graph", "db/V005__cache_changes.sql"),
            new Migration(6, "jobs by target, for one-at-a-time demo page writes", "db/V006__jobs_by_target.sql"),
            new Migration(7, "lease generations, parked jobs, look-ups before a re-create",
                    "db/V007__delivery_fencing_and_parking.sql"),
            new Migration(8, "notion integration webhooks: token, deliveries, refresh state", "db/V008__notion_webhooks.sql"),
            new Migration(11, "relation marks and sync request counts", "db/V011__sync_spends_little.sql"),
            new Migration(13, "jobs by state and last change, for delivery metrics", "db/V013__jobs_by_state_and_update.sql"));

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final List<Migration> migrations;

    public Migrations(List<Migration> migrations) {
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).version() == sorted.get(i - 1).version()) {
                throw new IllegalArgumentException("two migrations numbered " + sorted.get(i).version());
            }
        }
        this.migrations = List.copyOf(sorted);
    }

    /** @return the versions applied by this call, in order */
    public List<Integer> apply(Database db) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        List<Integer> applied = new ArrayList<>();
        for (Migration m : migrations) {
            boolean done = db.inTransaction(c -> {
                if (isApplied(c, m.version())) {
                    return false;
                }
                for (String sql : statements(m)) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.name());
                    ps.setString(3, Instant.now().toString());
                    ps.executeUpdate();
                }
                return true;
            });
            if (done) {
                log.info("applied migration {} ({})", m.version(), m.name());
                applied.add(m.version());
            }
        }
        return applied;
    }

    /** The highest version recorded in the file, 0 for a new one. */
    public static int currentVersion(Database db) {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private static boolean isApplied(Connection c, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
            ps.setInt(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Splits a migration on semicolons that end a line; migrations hold no triggers, so that suffices. */
    static List<String> statements(Migration m) {
        String text;
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(m.resource())) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing: " + m.resource());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + m.resource(), e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
