package com.notionrelay.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sync job in the background: once at start, then {@code interval} after each run ends. */
public final class SyncScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final SyncJob job;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync");
        t.setDaemon(true);
        return t;
    });

    public SyncScheduler(SyncJob job, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("sync interval must be positive: " + interval);
        }
        this.job = job;
        this.interval = interval;
    }

    public void start() {
        // Fixed delay, not rate: a slow run (a big first pass) never queues the next behind it.
        timer.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("scheduled sync every {} s", interval.toSeconds());
    }

    private void runOnce() {
        try {
            SyncOutcome outcome = job.run(false);
            if (outcome.result() == SyncOutcome.Result.FAILED) {
                log.warn("scheduled sync failed: {}", outcome.message());
            } else if (outcome.result() == SyncOutcome.Result.SKIPPED) {
                log.info("scheduled sync skipped: {}", outcome.message());
            }
        } catch (RuntimeException e) {
            // Never let one bad run cancel the schedule.
            log.error("scheduled sync hit an unexpected error", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
