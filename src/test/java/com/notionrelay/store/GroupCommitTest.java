package com.notionrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.app.Storage;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionId;
import com.notionrelay.support.Accepting;
import com.notionrelay.support.Eventually;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake writer on a real SQLite file. To know for sure which requests share one transaction,
 * a test holds the process's write turn while the writer waits on a first "plug" request, lets the
 * others queue behind it, then lets go: the writer commits the plug, then everything queued as one
 * batch.
 */
class GroupCommitTest {

    private static final NotionId DEMO = NotionId.parse("2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b").orElseThrow();

    @TempDir
    Path dir;

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private Storage storage;

    @AfterEach
    void close() {
        callers.shutdownNow();
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void concurrentDuplicateEventIdsInsideOneBatchStoreOneEvent() throws Exception {
        open(Duration.ofSeconds(60));
        List<Future<Inbox.Outcome>> outcomes = inOneBatch(16, i -> () -> Accepting.accept(storage.inbox, plan("same-id")));

        List<Inbox.Outcome> got = results(outcomes);
        assertEquals(1, got.stream().filter(o -> o == Inbox.Outcome.QUEUED).count(), "one copy queued: " + got);
        assertEquals(15, got.stream().filter(o -> o == Inbox.Outcome.DUPLICATE).count(), "the rest duplicates: " + got);
        assertEquals(1, count("SELECT COUNT(*) FROM events WHERE event_id = 'same-id'"));
        assertEquals(1, count("SELECT COUNT(*) FROM jobs WHERE event_id = 'same-id'"));
        assertEquals(16, storage.intakeWriter.stats().largestBatch(), "all sixteen were in one transaction");
    }

    @Test
    void aGuestsFirstVisitStaysExactInsideOneBatch() throws Exception {
        open(Duration.ofSeconds(60));
        List<Future<Inbox.Outcome>> outcomes = inOneBatch(12, i -> () -> Accepting.accept(storage.inbox, new EventPlan(
                event("visit-" + i), List.of(JobKind.INTERACTION_PAGE),
                Optional.of(new EventPlan.FirstVisit("ada@example.com", JobKind.CALLOUT)))));

        assertTrue(results(outcomes).stream().allMatch(o -> o == Inbox.Outcome.QUEUED));
        assertEquals(12, count("SELECT COUNT(*) FROM jobs WHERE kind = 'interaction_page' AND event_id LIKE 'visit-%'"));
        assertEquals(1, count("SELECT COUNT(*) FROM jobs WHERE kind = 'callout' AND event_id LIKE 'visit-%'"),
                "one welcome for the guest's first visit");
        assertEquals(12, storage.intakeWriter.stats().largestBatch());
    }

    @Test
    void aBatchWhoseOneItemViolatesAConstraintFailsOnlyThatItem() throws Exception {
        open(Duration.ofSeconds(60));
        // a constraint the schema could hold: SQLite aborts the statement that inserts this event
        storage.db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER refuse_event BEFORE INSERT ON events WHEN NEW.event_id LIKE 'refused%' "
                        + "BEGIN SELECT RAISE(ABORT, 'event refused by a constraint'); END");
            }
            return null;
        });
        List<Callable<List<Inbox.Outcome>>> items = List.of(
                () -> Accepting.acceptAll(storage.inbox, List.of(plan("good-1"))),
                () -> Accepting.acceptAll(storage.inbox, List.of(plan("refused-1"))),
                () -> Accepting.acceptAll(storage.inbox, List.of(plan("good-2"))),
                // one request's events are all or nothing: good-3 goes with refused-2
                () -> Accepting.acceptAll(storage.inbox, List.of(plan("good-3"), plan("refused-2"))));
        List<Future<List<Inbox.Outcome>>> outcomes = inOneBatch(items.size(), items::get);

        assertEquals(List.of(Inbox.Outcome.QUEUED), outcomes.get(0).get());
        assertEquals(List.of(Inbox.Outcome.QUEUED), outcomes.get(2).get());
        for (int failed : new int[] {1, 3}) {
            ExecutionException e = assertThrows(ExecutionException.class, outcomes.get(failed)::get);
            assertInstanceOf(StoreException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("event refused by a constraint"), e.getCause().getMessage());
        }
        assertEquals(2, count("SELECT COUNT(*) FROM events WHERE event_id NOT LIKE 'plug-%'"), "good-1 and good-2 only");
        assertEquals(2, count("SELECT COUNT(*) FROM jobs WHERE event_id NOT LIKE 'plug-%'"), "no job left behind by a failed item");
        assertFalse(storage.inbox.event("good-3").isPresent());
        assertEquals(4, storage.intakeWriter.stats().largestBatch(), "all four were in one transaction");
        assertEquals(2, storage.intakeWriter.stats().batches(), "the plug, then the four");
    }

    @Test
    void aWriteLockHeldPastTheCommitTimeoutIsBusyAndStoresNothing() throws Exception {
        open(Duration.ofMillis(300));
        try (Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + storage.db.file().toAbsolutePath());
             Statement s = otherProcess.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            StoreBusyException busy = assertThrows(StoreBusyException.class, () -> Accepting.accept(storage.inbox, plan("late")));
            assertEquals(Duration.ofSeconds(1), busy.retryAfter());
            s.execute("ROLLBACK");
        }
        assertFalse(storage.inbox.event("late").isPresent(), "nothing stored by a busy answer");
        assertEquals(Inbox.Outcome.QUEUED, Accepting.accept(storage.inbox, plan("late")), "a retry is accepted, not a duplicate");
        assertEquals(1, count("SELECT COUNT(*) FROM jobs WHERE event_id = 'late'"));
    }

    @Test
    void workSubmittedWithoutWaitingIsAnsweredBusyWhenItWaitedPastTheCommitTimeout() throws Exception {
        open(Duration.ofMillis(300));
        // the writer is busy with one slow piece of work for longer than the commit timeout
        CompletableFuture<Integer> slow = storage.intakeWriter.submit(c -> {
            try {
                Thread.sleep(900);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        Eventually.await("the writer took the slow work", Duration.ofSeconds(30), () -> storage.intakeWriter.queued() == 0);
        CompletableFuture<List<Inbox.Outcome>> late = storage.inbox.acceptAll(List.of(plan("late")));
        assertEquals(1, slow.get(30, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(30, TimeUnit.SECONDS));
        assertInstanceOf(StoreBusyException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("not committed within 300 ms"), e.getCause().getMessage());
        assertFalse(storage.inbox.event("late").isPresent(), "nothing stored by a busy answer");
        assertEquals(List.of(Inbox.Outcome.QUEUED), storage.inbox.acceptAll(List.of(plan("late"))).get(30, TimeUnit.SECONDS),
                "a retry is accepted, not a duplicate");
    }

    @Test
    void otherWritersOfTheProcessCoexistWithIntakeUnderLoad() throws Exception {
        open(Duration.ofSeconds(60));
        List<Future<Inbox.Outcome>> intake = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = "load-" + i;
            intake.add(callers.submit(() -> Accepting.accept(storage.inbox, plan(id))));
        }
        // a writer outside intake (delivery, sync, the cache) runs its own pooled transactions meanwhile
        for (int i = 0; i < 20; i++) {
            String id = "target-" + i;
            storage.db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO notion_targets(configured_id, data_source_id, resolved_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, id);
                    ps.setString(3, "2026-11-22T10:15:00Z");
                    return ps.executeUpdate();
                }
            });
        }
        results(intake);
        assertEquals(400, count("SELECT COUNT(*) FROM events WHERE event_id LIKE 'load-%'"));
        assertEquals(20, count("SELECT COUNT(*) FROM notion_targets WHERE configured_id LIKE 'target-%'"));
    }

    @Test
    void everyConnectionCommitsWithFullDurability() throws Exception {
        open(Duration.ofSeconds(60));
        Database.Work<Integer> synchronous = pragma("synchronous");
        assertEquals(2, storage.intakeWriter.<Integer>submit(w -> synchronous.run(w.connection())).get(30, TimeUnit.SECONDS),
                "the intake writer's connection: 2 is FULL");
        assertEquals(2, storage.db.read(synchronous), "pooled connections too");
    }

    @Test
    void theWriterKeepsMoreOfTheIndexesInItsPageCacheThanAPooledConnection() throws Exception {
        open(Duration.ofSeconds(60));
        // negative: a size in KiB rather than in pages
        Database.Work<Integer> cacheSize = pragma("cache_size");
        int writer = -storage.intakeWriter.<Integer>submit(w -> cacheSize.run(w.connection())).get(30, TimeUnit.SECONDS);
        int pooled = -storage.db.read(cacheSize);
        assertTrue(writer > pooled, "the writer's page cache (" + writer + " KiB) is larger than a pooled one's ("
                + pooled + " KiB)");
    }

    /** Reads the integer value of {@code PRAGMA name} on a connection. */
    private static Database.Work<Integer> pragma(String name) {
        return c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getInt(1);
            }
        };
    }

    @Test
    void closingCommitsWhatIsQueuedAndThenRefuses() throws Exception {
        open(Duration.ofSeconds(60));
        ReentrantLock turn = storage.db.writeTurn();
        turn.lock();
        Future<Inbox.Outcome> queued;
        try {
            queued = callers.submit(() -> Accepting.accept(storage.inbox, plan("before-close")));
            Eventually.await("the writer waits for its turn", Duration.ofSeconds(30), turn::hasQueuedThreads);
        } finally {
            turn.unlock();
        }
        storage.intakeWriter.close();
        assertEquals(Inbox.Outcome.QUEUED, queued.get());
        assertThrows(StoreBusyException.class, () -> Accepting.accept(storage.inbox, plan("after-close")));
        assertTrue(storage.inbox.event("before-close").isPresent());
    }

    /**
     * Starts {@code n} callers so that their writes are committed in one transaction, and
     * returns their results once it has.
     */
    private <T> List<Future<T>> inOneBatch(int n, java.util.function.IntFunction<Callable<T>> caller) {
        ReentrantLock turn = storage.db.writeTurn();
        turn.lock();
        List<Future<T>> futures = new ArrayList<>();
        try {
            Future<Inbox.Outcome> plug = callers.submit(() -> Accepting.accept(storage.inbox, plan("plug-" + System.nanoTime())));
            Eventually.await("the writer holds the plug and waits for its turn", Duration.ofSeconds(30), turn::hasQueuedThreads);
            for (int i = 0; i < n; i++) {
                futures.add(callers.submit(caller.apply(i)));
            }
            Eventually.await("all " + n + " queued behind the plug", Duration.ofSeconds(30),
                    () -> storage.intakeWriter.queued() == n);
            futures.forEach(f -> assertFalse(f.isDone(), "nothing committed while the turn is held"));
            assertFalse(plug.isDone());
        } finally {
            turn.unlock();
        }
        return futures;
    }

    private void open(Duration commitTimeout) {
        storage = Storage.open(dir.resolve("relay.db"),
                new GroupCommit.Limits(256, Duration.ofNanos(200_000), commitTimeout, 1000), Clock.systemUTC());
    }

    private static <T> List<T> results(List<Future<T>> futures) throws Exception {
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    private long count(String sql) {
        return storage.db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static EventPlan plan(String eventId) {
        return new EventPlan(event(eventId), List.of(JobKind.INTERACTION_PAGE), Optional.empty());
    }

    private static InteractionEvent event(String eventId) {
        return new InteractionEvent(eventId, "database-page", DEMO, "viewed", null, null, null,
                OffsetDateTime.parse("2026-11-22T10:15:00Z"), null);
    }
}
