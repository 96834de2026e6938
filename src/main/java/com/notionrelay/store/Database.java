package com.notionrelay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: WAL so readers never wait for the writer, a busy timeout so writers queue
 * instead of failing, foreign keys on, every write transaction opened with BEGIN IMMEDIATE so
 * two writers never deadlock upgrading a read lock, and a page cache sized for lookups.
 */
public final class Database implements AutoCloseable {

    /** One unit of work on a connection; SQL errors surface as {@link StoreException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;
    private final Path file;

    public Database(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the folder for " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // SQLite's default page cache is 2 MB; the page cache outgrows that quickly, and reads
        // through syscalls dominate lookups. 16 MB per connection plus memory-mapped reads.
        config.setCacheSize(-16 * 1024);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(256L * 1024 * 1024));
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("relay-sqlite");
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(30_000);
        this.pool = new HikariDataSource(hikari);
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one BEGIN IMMEDIATE transaction: all of it commits, or none of it. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** Runs read-only {@code work} in auto-commit mode (a consistent WAL snapshot per statement). */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** True when a trivial query answers: what /health reports as "database reachable". */
    public boolean isReachable() {
        try {
            return read(c -> c.createStatement().executeQuery("SELECT 1").next());
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
