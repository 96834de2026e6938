package com.notionrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void appliesEachMigrationOnceAndRecordsIt() {
        try (Database db = new Database(dir.resolve("nested/relay.db"))) {
            Migrations m = new Migrations(Migrations.SHIPPED);
            List<Integer> first = m.apply(db);
            assertEquals(Migrations.SHIPPED.stream().map(Migration::version).toList(), first);
            assertEquals(List.of(), m.apply(db));
            assertEquals(Migrations.SHIPPED.get(Migrations.SHIPPED.size() - 1).version(), Migrations.currentVersion(db));
        }
    }

    @Test
    void connectionsUseWalForeignKeysAndABusyTimeout() {
        try (Database db = new Database(dir.resolve("relay.db"))) {
            assertEquals("wal", pragma(db, "journal_mode"));
            assertEquals("1", pragma(db, "foreign_keys"));
            assertTrue(Integer.parseInt(pragma(db, "busy_timeout")) >= 1000);
        }
    }

    @Test
    void aFailingMigrationLeavesNoTraceAndTheVersionUnchanged() {
        try (Database db = new Database(dir.resolve("relay.db"))) {
            new Migrations(Migrations.SHIPPED).apply(db);
            int before = Migrations.currentVersion(db);
            Migrations broken = new Migrations(List.of(new Migration(999, "broken", "db/test-broken.sql")));
            try {
                broken.apply(db);
            } catch (RuntimeException expected) {
                // the second statement fails
            }
            assertEquals(before, Migrations.currentVersion(db));
            boolean tableExists = db.read(c -> c.createStatement()
                    .executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").next());
            assertEquals(false, tableExists);
        }
    }

    private static String pragma(Database db, String name) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
