package com.notionrelay.sync;

import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.SchemaStore;
import com.notionrelay.notion.DataSourceResolver;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import com.notionrelay.notion.NotionId;
import com.notionrelay.store.Database;
import com.notionrelay.store.Lease;
import com.notionrelay.store.StoreException;
import com.notionrelay.store.TargetStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the configured data sources from Notion into the cache. Never runs twice at once: a lock
 * guards this process, a lease row in SQLite guards the file against other processes. Each data
 * source's watermark moves only when its pass completes, so a run cut short by faults is simply
 * repeated from the old watermark next time; upserts make the repeat harmless.
 */
public final class SyncJob {

    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);

    private final NotionApi notion;
    private final TargetStore targets;
    private final List<NotionId> sources;
    private final PageCacheStore pages;
    private final SchemaStore schemas;
    private final SyncStateStore state;
    private final SyncRunStore runs;
    private final RelationMarks marks;
    private final Lease lease;
    private final SyncPolicy policy;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private final String holder = "sync-" + UUID.randomUUID();

    public SyncJob(NotionApi notion, TargetStore targets, List<NotionId> sources, Database db,
                   PageCacheStore pages, SchemaStore schemas, SyncRunStore runs, SyncPolicy policy, Clock clock) {
        this.notion = notion;
        this.targets = targets;
        this.sources = List.copyOf(new LinkedHashSet<>(sources));
        this.pages = pages;
        this.schemas = schemas;
        this.state = new SyncStateStore(db);
        this.runs = runs;
        this.marks = new RelationMarks(db, clock);
        this.lease = new Lease(db, clock, "sync");
        this.policy = policy;
        this.clock = clock;
    }

    /** One run over every source; {@code forceFull} makes every pass a full one. */
    public SyncOutcome run(boolean forceFull) {
        if (!running.tryLock()) {
            return new SyncOutcome(SyncOutcome.Result.SKIPPED, Optional.empty(), "a sync is already running in this process");
        }
        try {
            if (!lease.tryAcquire(holder, policy.leaseTtl())) {
                return new SyncOutcome(SyncOutcome.Result.SKIPPED, Optional.empty(),
                        "a sync is already running in another process on this database");
            }
            try {
                runs.abandonRunning(clock.instant());
                return runHoldingLease(forceFull);
            } finally {
                lease.release(holder);
            }
        } finally {
            running.unlock();
        }
    }

    /** A source whose pages are listed and stored; its long relations and watermark come after every listing. */
    private record Listed(NotionId configured, String dataSource, Instant passStart, boolean full,
                          SourcePass.Result result) {
    }

    private SyncOutcome runHoldingLease(boolean forceFull) {
        Instant started = clock.instant();
        long runId = runs.start(started, forceFull ? "full" : "auto");
        NotionCalls calls = new NotionCalls(policy);
        CountedNotion counted = new CountedNotion(notion);
        DataSourceResolver resolver = new DataSourceResolver(counted, targets);
        RelationReader reader = new RelationReader(counted, calls);
        SourcePass pass = new SourcePass(counted, calls, reader, pages, schemas, this::renewLease);
        Set<String> modes = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        int seen = 0;
        int otherFailures = 0;
        boolean leaseLost = false;
        List<Listed> listed = new ArrayList<>();
        for (NotionId configured : sources) {
            try {
                String dataSource = calls.call(() -> resolver.dataSourceId(configured));
                SyncStateStore.SourceState s = state.state(dataSource);
                boolean full = forceFull || s.watermark().isEmpty()
                        || s.lastFullAt().map(at -> at.plus(policy.fullEvery()).isBefore(clock.instant())).orElse(true);
                Instant passStart = clock.instant();
                Optional<Instant> since = full ? Optional.empty() : s.watermark().map(w -> w.minus(policy.overlap()));
                listed.add(new Listed(configured, dataSource, passStart, full, pass.run(dataSource, since)));
            } catch (NotionException | StoreException | LeaseLostException e) {
                // Other sources still sync; this one keeps its watermark and is repeated next run.
                otherFailures += failed(configured, e, errors);
                if (e instanceof LeaseLostException) {
                    leaseLost = true;
                    break;
                }
            }
        }
        RelationRefresh refresh = new RelationRefresh(reader, pages, schemas, marks,
                listed.stream().map(Listed::dataSource).collect(Collectors.toSet()), this::renewLease);
        for (Listed l : leaseLost ? List.<Listed>of() : listed) {
            try {
                refresh.bring(l.dataSource(), l.result().checks());
                state.completed(l.dataSource(), l.passStart(), l.full());
                modes.add(l.full() ? "full" : "incremental");
                seen += l.result().pagesSeen();
                log.info("synced {} ({} pass): {} pages, {} newly in the trash", l.dataSource(),
                        l.full() ? "full" : "incremental", l.result().pagesSeen(), l.result().trashed());
            } catch (NotionException | StoreException | LeaseLostException e) {
                otherFailures += failed(l.configured(), e, errors);
                if (e instanceof LeaseLostException) {
                    leaseLost = true;
                    break;
                }
            }
        }
        if (!leaseLost) {
            try {
                refresh.bringMarkedElsewhere();
            } catch (NotionException | StoreException | LeaseLostException e) {
                otherFailures += failed("relations a webhook named", e, errors);
            }
        }
        boolean ok = errors.isEmpty();
        String mode = modes.isEmpty() ? "none" : String.join("+", modes);
        runs.finish(runId, clock.instant(), mode, ok, seen, calls.failures() + otherFailures,
                ok ? null : String.join("; ", errors),
                new SyncRun.Spend(counted.requests(), reader.reads(), refresh.unchanged()));
        SyncRun run = runs.last().orElseThrow();
        return new SyncOutcome(ok ? SyncOutcome.Result.COMPLETED : SyncOutcome.Result.FAILED, Optional.of(run),
                run.toText());
    }

    /** Records a failure of one part of the run; 1 when it was not Notion's (those NotionCalls counted). */
    private static int failed(Object what, Exception e, List<String> errors) {
        errors.add(what + ": " + e.getMessage());
        log.warn("sync of {} failed: {}", what, e.getMessage());
        return e instanceof NotionException ? 0 : 1;
    }

    private void renewLease() {
        if (!lease.tryAcquire(holder, policy.leaseTtl())) {
            throw new LeaseLostException();
        }
    }

    /** Another process took the lease after ours expired: stop rather than sync side by side. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super("the sync lease expired and another process took it");
        }
    }
}
