package com.notionrelay.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of intake: one thread owns one SQLite connection and commits whatever writes
 * have queued in one transaction, so one fsync ({@code synchronous=FULL}) covers many requests.
 * A caller hands over its work and is answered once that transaction has committed.
 *
 * <p>Work that fails (a constraint, a bug) is rolled back alone and its caller gets the error,
 * while the rest of the batch commits: a batch in which something failed is rolled back and run
 * again with each piece of work in a savepoint of its own (savepoints for every batch would cost
 * the one writer time for a failure that almost never happens). Work later in a
 * batch sees what earlier work wrote (same transaction), so checks such as "is this event id
 * stored yet" stay exact inside a batch.
 *
 * <p>Work that waited in the queue longer than {@link Limits#commitTimeout()} is answered with a
 * {@link StoreBusyException} by the writer when it gets to it (nothing stored). Work the writer
 * has taken is always finished, committed or failed, before its result completes, so a caller is
 * never told "not stored" about something that is.
 */
public final class GroupCommit implements AutoCloseable {

    /**
     * @param maxBatch      most pieces of work in one transaction
     * @param maxWait       how long the writer waits for more work before committing a batch; it
     *                      waits only while requests keep arriving (the previous batch held more
     *                      than one), so a lone request is never delayed
     * @param commitTimeout how long work may wait to be taken, and the writer for SQLite's write
     *                      lock, before it is answered "busy"
     * @param maxQueued     most pieces of work waiting; more are refused at once as "busy"
     */
    public record Limits(int maxBatch, Duration maxWait, Duration commitTimeout, int maxQueued) {
        public Limits {
            if (maxBatch < 1 || maxQueued < 1 || maxWait.isNegative() || commitTimeout.isNegative() || commitTimeout.isZero()) {
                throw new IllegalArgumentException("bad group commit limits: " + maxBatch + ", " + maxWait + ", "
                        + commitTimeout + ", " + maxQueued);
            }
        }

        public static Limits defaults() {
            return new Limits(256, Duration.ZERO, Duration.ofSeconds(2), 10_000);
        }
    }

    /** One caller's writes, on the writer's connection; SQL errors surface as {@link StoreException}. */
    @FunctionalInterface
    public interface Writes<T> {
        T run(WriterConnection writer) throws SQLException;
    }

    /** Counts since start: transactions committed, pieces of work in them, the largest batch. */
    public record Stats(long batches, long items, long largestBatch) {
    }

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Database db;
    private final Limits limits;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread thread;
    private final ExecutorService completer;
    private final WriterConnection connection;
    private volatile boolean accepting = true;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong largestBatch = new AtomicLong();

    public GroupCommit(Database db, Limits limits) {
        this.db = db;
        this.limits = limits;
        this.queue = new LinkedBlockingQueue<>(limits.maxQueued());
        this.connection = new WriterConnection(db.openWriterConnection(limits.commitTimeout()));
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "relay-group-commit-wake");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "relay-group-commit");
        // a writer left running with nothing queued must not keep a command's JVM alive
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code work} for the next group transaction, in a savepoint of its own, without
     * waiting for it: the result completes once that transaction has committed (on the writer's
     * waking thread), or fails with a {@link StoreBusyException} when the work was not taken within
     * {@link Limits#commitTimeout()} (nothing stored) or a {@link StoreException} when it failed
     * (nothing of it stored). A caller that answers from the result needs no thread parked meanwhile.
     *
     * @throws StoreBusyException at once when the queue is full or the store is closing
     */
    public <T> CompletableFuture<T> submit(Writes<T> work) {
        if (!accepting) {
            throw new StoreBusyException("the store is closing");
        }
        Pending<T> pending = new Pending<>(work, System.nanoTime(), new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new StoreBusyException("more than " + limits.maxQueued() + " writes are waiting to be committed");
        }
        return pending.result();
    }

    /** Pieces of work waiting for the writer: what an operator looks at when intake slows down. */
    public int queued() {
        return queue.size();
    }

    public Stats stats() {
        return new Stats(batches.get(), items.get(), largestBatch.get());
    }

    /** Stops taking work, commits what is queued, then closes the connection. */
    @Override
    public void close() {
        accepting = false;
        try {
            thread.join(limits.commitTimeout().multipliedBy(2).toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("group commit writer still busy at close; interrupting it");
            thread.interrupt();
        }
        try {
            completer.awaitTermination(limits.commitTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int previousBatch = 0;
        try {
            while (accepting || !queue.isEmpty()) {
                List<Pending<?>> batch = nextBatch(previousBatch > 1);
                previousBatch = batch.size();
                if (!batch.isEmpty()) {
                    try {
                        commit(batch);
                    } catch (RuntimeException e) {
                        // every caller the writer took must hear how its work ended
                        log.error("group commit failed", e);
                        batch.forEach(p -> p.result().completeExceptionally(e));
                    } catch (Error e) {
                        batch.forEach(p -> p.result().completeExceptionally(e));
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("group commit writer stopped", e);
            throw e;
        } finally {
            accepting = false;
            completer.shutdown(); // after the last batch's wake-ups: they still run
            StoreBusyException stopped = new StoreBusyException("the store is closing");
            for (Pending<?> p = queue.poll(); p != null; p = queue.poll()) {
                p.result().completeExceptionally(stopped);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("closing the group commit connection: {}", e.getMessage());
            }
            Stats s = stats();
            if (s.items() > 0) { // commands that never take an event (status, replay) stay quiet
                log.info("group commit: {} writes committed in {} transactions (largest {})", s.items(), s.batches(),
                        s.largestBatch());
            }
        }
    }

    /** The work to commit next; work that waited past the commit timeout is answered "busy" instead. */
    private List<Pending<?>> nextBatch(boolean underLoad) throws InterruptedException {
        List<Pending<?>> batch = new ArrayList<>();
        Pending<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        queue.drainTo(batch, limits.maxBatch() - 1);
        if (underLoad && batch.size() < limits.maxBatch() && !limits.maxWait().isZero()) {
            long until = System.nanoTime() + limits.maxWait().toNanos();
            long left;
            while (batch.size() < limits.maxBatch() && (left = until - System.nanoTime()) > 0) {
                Pending<?> more = queue.poll(left, TimeUnit.NANOSECONDS);
                if (more == null) {
                    break;
                }
                batch.add(more);
                queue.drainTo(batch, limits.maxBatch() - batch.size());
            }
        }
        long now = System.nanoTime();
        batch.removeIf(p -> {
            boolean late = now - p.queuedAt() > limits.commitTimeout().toNanos();
            if (late) {
                p.result().completeExceptionally(notCommittedInTime());
            }
            return late;
        });
        return batch;
    }

    private void commit(List<Pending<?>> batch) {
        try {
            db.awaitWriteTurn(limits.commitTimeout());
        } catch (StoreBusyException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        List<Runnable> completions = new ArrayList<>(batch.size());
        boolean committed;
        try {
            // Nearly every batch commits whole: run it without a savepoint per item, and only when
            // an item fails, roll it all back and run each item in a savepoint of its own.
            try {
                committed = attempt(batch, false, completions);
            } catch (ItemFailed e) {
                completions.clear();
                committed = attempt(batch, true, completions);
            }
        } finally {
            db.writeTurn().unlock();
        }
        if (!committed) {
            return;
        }
        batches.incrementAndGet();
        items.addAndGet(batch.size());
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        // Waking a dozen callers costs the writer a dozen system calls: another thread does it,
        // and the writer goes on to the next batch. A lone caller costs no more to wake than that
        // thread does.
        if (completions.size() == 1) {
            completions.get(0).run();
        } else {
            completer.execute(() -> completions.forEach(Runnable::run));
        }
    }

    /**
     * Runs the batch in one transaction and fills {@code completions} with what completes each
     * caller once it has committed.
     *
     * @param itemByItem each item in a savepoint of its own, so one that fails is rolled back alone
     * @return false when the whole batch failed (every caller has been told)
     * @throws ItemFailed when an item failed without {@code itemByItem} (all of it rolled back)
     */
    private boolean attempt(List<Pending<?>> batch, boolean itemByItem, List<Runnable> completions) {
        try {
            connection.run("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            StoreException failure = StoreBusyException.isBusy(e)
                    ? new StoreBusyException("the database stayed locked for " + limits.commitTimeout().toMillis() + " ms", e)
                    : new StoreException("cannot begin a transaction: " + e.getMessage(), e);
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return false;
        }
        try {
            for (Pending<?> p : batch) {
                completions.add(itemByItem ? runInSavepoint(p) : run(p));
            }
            connection.run("COMMIT");
            return true;
        } catch (ItemFailed e) {
            rollback();
            throw e;
        } catch (SQLException | RuntimeException e) {
            rollback();
            StoreException failure = new StoreException("the group commit failed: " + e.getMessage(), e);
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return false;
        }
    }

    /** Runs one piece of work in the batch's transaction; any failure undoes the whole batch. */
    private <T> Runnable run(Pending<T> p) {
        try {
            T value = p.work().run(connection);
            return () -> p.result().complete(value);
        } catch (SQLException | RuntimeException e) {
            throw new ItemFailed();
        }
    }

    /**
     * Runs one piece of work between SAVEPOINT and RELEASE, or rolls just it back.
     *
     * @return what completes its caller once the transaction has committed
     * @throws SQLException when the transaction itself is broken (SQLite rolled it back), which
     *                      fails the whole batch
     */
    private <T> Runnable runInSavepoint(Pending<T> p) throws SQLException {
        connection.run("SAVEPOINT item");
        try {
            T value = p.work().run(connection);
            connection.run("RELEASE item");
            return () -> p.result().complete(value);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.run("ROLLBACK TO item");
                connection.run("RELEASE item");
            } catch (SQLException broken) {
                broken.addSuppressed(e);
                throw broken;
            }
            StoreException failure = e instanceof StoreException se ? se : new StoreException(e.getMessage(), e);
            return () -> p.result().completeExceptionally(failure);
        }
    }

    /** SQLite may already have rolled the transaction back itself (disk full, I/O error): then this is a no-op. */
    private void rollback() {
        try {
            connection.run("ROLLBACK");
        } catch (SQLException e) {
            log.debug("rollback after a failed group commit: {}", e.getMessage());
        }
    }

    private StoreBusyException notCommittedInTime() {
        return new StoreBusyException("not committed within " + limits.commitTimeout().toMillis() + " ms");
    }

    /** An item failed in a batch run without savepoints: the batch is rolled back and run item by item. */
    private static final class ItemFailed extends RuntimeException {
        ItemFailed() {
            super(null, null, false, false);
        }
    }

    /** One caller's work, when it was queued, and what completes its caller. */
    private record Pending<T>(Writes<T> work, long queuedAt, CompletableFuture<T> result) {
    }
}
