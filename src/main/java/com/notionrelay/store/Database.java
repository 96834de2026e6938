package com.notionrelay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: WAL so readers never wait for the writer, {@code synchronous=FULL} so a commit
 * is on disk before anyone is told it happened, a busy timeout so writers from other processes
 * queue instead of failing, foreign keys on, every write transaction opened with BEGIN IMMEDIATE
 * so two writers never deadlock upgrading a read lock, and a page cache sized for lookups.
 *
 * <p>Writers in this process take turns through one fair lock ({@link #writeTurn()}) before they
 * ask SQLite for its write lock: SQLite's busy handler polls with growing sleeps, so a writer that
 * commits back to back (the intake writer under load) would otherwise starve the others.
 */
public final class Database implements AutoCloseable {

    /** One unit of work on a connection; SQL errors surface as {@link StoreException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How long a writer waits for its turn, in this process and then in SQLite's busy handler. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** A pooled connection's page cache. */
    private static final int POOLED_CACHE_KIB = 16 * 1024;
    /** The intake writer's page cache; 64 MB measured best of 16, 32, 64 and 256 MB (README, intake). */
    private static final int WRITER_CACHE_KIB = 64 * 1024;

    private final HikariDataSource pool;
    private final Path file;
    private final String url;
    private final ReentrantLock writeTurn = new ReentrantLock(true);

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
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        SQLiteDataSource sqlite = new SQLiteDataSource(config(BUSY_TIMEOUT));
        sqlite.setUrl(url);

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("relay-sqlite");
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(30_000);
        this.pool = new HikariDataSource(hikari);
    }

    private static SQLiteConfig config(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: the WAL is fsynced at every commit. NORMAL only syncs at checkpoints, so a machine
        // crash (not a process crash) could lose a commit the relay had already acknowledged.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // SQLite's default page cache is 2 MB; the page cache outgrows that quickly, and reads
        // through syscalls dominate lookups. 16 MB per connection plus memory-mapped reads.
        config.setCacheSize(-POOLED_CACHE_KIB);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(256L * 1024 * 1024));
        // Nothing reads JDBC's generated keys (RETURNING does that job); left on, the driver runs
        // an extra query after every INSERT.
        config.setGetGeneratedKeys(false);
        // Savepoints (the intake writer's, when a request in its batch fails) need statement
        // journals: in memory, not temp files.
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config;
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one BEGIN IMMEDIATE transaction: all of it commits, or none of it. */
    public <T> T inTransaction(Work<T> work) {
        awaitWriteTurn(BUSY_TIMEOUT);
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
            throw StoreBusyException.isBusy(e) ? new StoreBusyException(e.getMessage(), e) : new StoreException(e.getMessage(), e);
        } finally {
            writeTurn.unlock();
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

    /**
     * The intake writer's connection, outside the pool, with this file's settings, its own busy
     * timeout and a larger page cache: every event lands on a leaf of the two event-id indexes
     * (ids are the callers', so anywhere in them), and a leaf that has left a pooled connection's
     * 16 MB is read back from the WAL with a system call. The caller closes it.
     */
    Connection openWriterConnection(Duration busyTimeout) {
        SQLiteConfig config = config(busyTimeout);
        config.setCacheSize(-WRITER_CACHE_KIB);
        try {
            return config.createConnection(url);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits at most {@code timeout} for this process's write turn; the caller unlocks
     * {@link #writeTurn()} when its transaction has ended.
     *
     * @throws StoreBusyException when the turn did not come in time
     */
    void awaitWriteTurn(Duration timeout) {
        try {
            if (!writeTurn.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreBusyException("another write to " + file + " held it for more than "
                        + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException("interrupted while waiting to write to " + file);
        }
    }

    ReentrantLock writeTurn() {
        return writeTurn;
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
