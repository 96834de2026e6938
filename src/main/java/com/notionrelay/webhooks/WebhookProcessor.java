package com.notionrelay.webhooks;

import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.SchemaStore;
import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionException;
import com.notionrelay.store.Database;
import com.notionrelay.sync.PageReader;
import com.notionrelay.sync.SyncJob;
import com.notionrelay.sync.SyncOutcome;
import com.notionrelay.sync.SyncRun;
import com.notionrelay.sync.SyncRunStore;
import com.notionrelay.webhooks.WebhookInbox.Outcome;
import com.notionrelay.webhooks.WebhookInbox.Pending;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off the pending deliveries in the background, one work key at a time: everything pending
 * for a key is settled by one refresh, begun once the key's deliveries have gone quiet, so a burst
 * about one page costs one fetch (two when more arrive while it is in flight). Two lanes: page.deleted needs no Notion call and never waits
 * behind a fetch; everything else reads Notion through the one client, so it spends the shared
 * rate budget. A delivery older than what the cache already reflects changes nothing.
 */
public final class WebhookProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);

    /** Backoff of a failed refresh: doubles from here up to {@link #MAX_BACKOFF}, unless Notion says how long. */
    static final Duration BASE_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** How soon a sync-covered delivery asks again when another sync was running. */
    static final Duration SYNC_BUSY_WAIT = Duration.ofSeconds(5);
    /**
     * A key's refresh waits until its deliveries have been quiet this long (at most {@link #MAX_DELAY}):
     * Notion sends bursts (one per property, block, retry), and one fetch after the burst sees them all.
     */
    static final Duration QUIET = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    /** Longest sleep between looks at the queue (a quiet period or a backoff ending, a delivery from another process). */
    private static final long IDLE_MILLIS = 250;

    private final Database db;
    private final WebhookInbox inbox;
    private final RefreshState state;
    private final PageCacheStore pages;
    private final SchemaStore schemas;
    private final Optional<PageReader> reader;
    private final Optional<SyncJob> sync;
    private final SyncRunStore runs;
    private final Clock clock;
    private final Object signal = new Object();
    /**
     * Held while a lane checks what the cache reflects and writes to it, so a deletion and a fetched
     * page never interleave. Cache writes go through PageCacheStore's own public methods (the path
     * every cache reader hooks into); the bookkeeping commits after them, so a crash in between only
     * repeats the (idempotent) work after a restart.
     */
    private final Object applying = new Object();
    private long wakes;
    private volatile boolean stopping;
    private final List<Thread> lanes = new ArrayList<>();

    /** @param reader empty without a Notion token: deletions still apply, refreshes wait in the queue */
    public WebhookProcessor(Database db, WebhookInbox inbox, PageCacheStore pages, SchemaStore schemas,
                            Optional<PageReader> reader, Optional<SyncJob> sync, SyncRunStore runs, Clock clock) {
        this.db = db;
        this.inbox = inbox;
        this.state = new RefreshState(db);
        this.pages = pages;
        this.schemas = schemas;
        this.reader = reader;
        this.sync = sync;
        this.runs = runs;
        this.clock = clock;
    }

    public void start() {
        lanes.add(lane("webhooks-deletions", true));
        if (reader.isPresent()) {
            lanes.add(lane("webhooks-refresh", false));
        } else {
            log.warn("webhook refreshes wait: NOTION_TOKEN is not set (page.deleted still applies at once)");
        }
        lanes.forEach(Thread::start);
    }

    /** A delivery was committed: look now rather than at the next idle tick. */
    public void wake() {
        synchronized (signal) {
            wakes++;
            signal.notifyAll();
        }
    }

    private Thread lane(String name, boolean deletions) {
        Thread t = new Thread(() -> {
            while (!stopping) {
                long seen;
                synchronized (signal) {
                    seen = wakes;
                }
                boolean worked;
                try {
                    worked = processNext(deletions);
                } catch (RuntimeException e) {
                    // The database did not answer (or is closing): the work stays pending, look again shortly.
                    if (!stopping) {
                        log.warn("webhook lane {} could not read its queue: {}", name, e.getMessage());
                    }
                    worked = false;
                }
                if (!worked) {
                    idle(seen);
                }
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private void idle(long seen) {
        synchronized (signal) {
            if (wakes == seen && !stopping) {
                try {
                    signal.wait(IDLE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    /** Settles every pending delivery of the next due key in one lane; false when there was none. */
    boolean processNext(boolean deletions) {
        // page.deleted applies at once: it costs no Notion call, so there is nothing to save by waiting.
        Optional<String> next = deletions ? inbox.nextKey(true, clock.millis(), 0, 0)
                : inbox.nextKey(false, clock.millis(), QUIET.toMillis(), MAX_DELAY.toMillis());
        if (next.isEmpty()) {
            return false;
        }
        String key = next.get();
        try {
            List<Pending> batch = inbox.pending(key, deletions);
            if (batch.isEmpty()) {
                return true;
            }
            if (deletions) {
                trash(key, batch);
            } else if (key.startsWith("page:")) {
                refreshPage(key, batch);
            } else if (key.startsWith("schema:")) {
                refreshSchema(key, batch);
            } else {
                runSync(key, batch);
            }
        } catch (RuntimeException e) {
            // A store hiccup or a bug: back off this key rather than spin on it; its deliveries stay pending.
            log.error("webhook processing of {} failed; trying again later", key, e);
            backOff(key, String.valueOf(e.getMessage()), Optional.empty());
        }
        return true;
    }

    /** page.deleted: the page leaves lookups now, unless the cache already holds a newer state. */
    private void trash(String key, List<Pending> batch) {
        String id = WebhookWork.entityOf(key);
        Instant deletedAt = newest(batch);
        synchronized (applying) {
            Optional<Instant> newer = latest(state.of(key).refreshedThrough(), cachedEdit(id));
            if (newer.isPresent() && deletedAt.isBefore(newer.get())) {
                inbox.settle(batch, Outcome.STALE, "the cache holds a state from " + newer.get()
                        + ", newer than this deletion", clock.instant());
                return;
            }
            boolean cached = pages.markTrashed(id);
            db.inTransaction(c -> {
                state.deleted(c, key, deletedAt);
                inbox.settle(c, batch, Outcome.TRASHED, cached ? null : "the page was not in the cache", clock.instant());
                return null;
            });
        }
    }

    private void refreshPage(String key, List<Pending> batch) {
        String id = WebhookWork.entityOf(key);
        RefreshState.Entity e = state.of(key);
        Optional<Instant> cachedEdit = cachedEdit(id);
        List<Pending> stale = new ArrayList<>();
        List<Pending> live = new ArrayList<>();
        for (Pending p : batch) {
            boolean older = p.eventAt().isPresent() && (
                    // a refresh that began after an event this new arrived has already seen it
                    e.refreshedThrough().map(t -> !p.eventAt().get().isAfter(t)).orElse(false)
                    || e.deletedAt().map(t -> p.eventAt().get().isBefore(t)).orElse(false)
                    // Notion rounds last_edited_time down to the minute, so only strictly older is covered
                    || cachedEdit.map(t -> p.eventAt().get().isBefore(t)).orElse(false));
            (older ? stale : live).add(p);
        }
        if (!stale.isEmpty()) {
            inbox.settle(stale, Outcome.STALE, "older than what the cache already holds", clock.instant());
        }
        if (live.isEmpty()) {
            return;
        }
        Instant through = newest(live);
        CachedPage page;
        try {
            page = reader.orElseThrow().page(id);
        } catch (NotionException ex) {
            if (ex.error().objectNotFound()) {
                // Deleted for good, or no longer shared with the integration: either way not to be shown.
                synchronized (applying) {
                    pages.markTrashed(id);
                    refreshed(key, live, through, Outcome.TRASHED, ex.error().describe());
                }
                return;
            }
            failed(key, live, ex);
            return;
        }
        boolean inScope = pages.find(id).isPresent()
                || (page.dataSourceId() != null && schemas.find(page.dataSourceId()).isPresent());
        synchronized (applying) {
            if (!page.inTrash() && state.of(key).deletedAt().map(d -> d.isAfter(through)).orElse(false)) {
                inbox.settle(live, Outcome.STALE, "a newer page.deleted was applied while the page was fetched",
                        clock.instant());
            } else if (!inScope) {
                inbox.settle(live, Outcome.IGNORED, "the page is not in a synced data source", clock.instant());
            } else {
                pages.upsert(page);
                refreshed(key, live, through, Outcome.REFRESHED, null);
            }
        }
    }

    private void refreshSchema(String key, List<Pending> batch) {
        String dataSource = WebhookWork.entityOf(key);
        if (schemas.find(dataSource).isEmpty()) {
            inbox.settle(batch, Outcome.IGNORED, "not a synced data source", clock.instant());
            return;
        }
        try {
            schemas.upsert(reader.orElseThrow().schema(dataSource));
        } catch (NotionException ex) {
            failed(key, batch, ex);
            return;
        }
        refreshed(key, batch, newest(batch), Outcome.REFRESHED, null);
    }

    /** data_source.content_updated: one incremental sync run settles every such delivery that arrived before it began. */
    private void runSync(String key, List<Pending> batch) {
        if (sync.isEmpty()) {
            inbox.settle(batch, Outcome.IGNORED, "no sync is configured", clock.instant());
            return;
        }
        List<Pending> synced = new ArrayList<>();
        List<Pending> other = new ArrayList<>();
        for (Pending p : batch) {
            (p.entityId().map(ds -> schemas.find(ds).isPresent()).orElse(false) ? synced : other).add(p);
        }
        if (!other.isEmpty()) {
            inbox.settle(other, Outcome.IGNORED, "not a synced data source", clock.instant());
        }
        if (synced.isEmpty()) {
            return;
        }
        Instant lastArrived = synced.stream().map(Pending::receivedAt).max(Instant::compareTo).orElseThrow();
        Optional<SyncRun> covering = runs.lastSuccessful().filter(r -> !r.startedAt().isBefore(lastArrived));
        if (covering.isPresent()) {
            inbox.settle(synced, Outcome.REFRESHED, "covered by sync run " + covering.get().id(), clock.instant());
            return;
        }
        SyncOutcome outcome = sync.get().run(false);
        switch (outcome.result()) {
            case COMPLETED -> refreshed(key, synced, newest(synced), Outcome.REFRESHED,
                    "sync run " + outcome.run().map(r -> String.valueOf(r.id())).orElse("?"));
            case SKIPPED -> state.retryLater(key, clock.instant().plus(SYNC_BUSY_WAIT), outcome.message(), false);
            case FAILED -> backOff(key, outcome.message(), Optional.empty());
        }
    }

    /** Records that a refresh covering events up to {@code through} landed, and settles its deliveries. */
    private void refreshed(String key, List<Pending> batch, Instant through, Outcome outcome, String detail) {
        db.inTransaction(c -> {
            state.refreshed(c, key, through);
            inbox.settle(c, batch, outcome, detail, clock.instant());
            return null;
        });
    }

    /** A refresh Notion refused: for good (settled as failed), or for now (the key backs off; nothing is lost). */
    private void failed(String key, List<Pending> batch, NotionException ex) {
        if (ex.error().kind() == ErrorKind.PERMANENT && !ex.error().needsOperator()) {
            inbox.settle(batch, Outcome.FAILED, ex.error().describe(), clock.instant());
            return;
        }
        backOff(key, ex.error().describe(), ex.error().retryAfter());
    }

    private void backOff(String key, String error, Optional<Duration> asked) {
        int attempts = state.of(key).attempts();
        Duration doubled = BASE_BACKOFF.multipliedBy(1L << Math.min(attempts, 20));
        Duration wait = asked.orElse(doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled);
        log.warn("webhook refresh of {} failed ({}); next try in {} s", key, error, wait.toSeconds());
        state.retryLater(key, clock.instant().plus(wait), error, true);
    }

    /** The newest event time in a batch; a delivery without one counts as just received. */
    private static Instant newest(List<Pending> batch) {
        return batch.stream().map(p -> p.eventAt().orElse(p.receivedAt())).max(Instant::compareTo).orElseThrow();
    }

    private Optional<Instant> cachedEdit(String pageId) {
        return pages.find(pageId).map(CachedPage::lastEditedTime).filter(t -> t != null).map(Instant::parse);
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().isAfter(b.get()) ? a : b;
    }

    @Override
    public void close() {
        stopping = true;
        wake();
        for (Thread t : lanes) {
            try {
                t.join(5_000);
                if (t.isAlive()) {
                    t.interrupt(); // a read in flight: harmless to cut, its deliveries stay pending
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
