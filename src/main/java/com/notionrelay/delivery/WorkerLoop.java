package com.notionrelay.delivery;

import com.notionrelay.store.Job;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.Lane;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery worker: claims the next claimable job and runs it; with nothing claimable it
 * sleeps until the next job it could claim is due, or until rung (a new job, a pause lifted, a
 * replay). Parked jobs and jobs behind an older one of the same demo page are never "due".
 * Visible effects (demo page writes) are claimed before log pages, which keep a guaranteed share.
 */
final class WorkerLoop implements Runnable {

    /**
     * The longest sleep without a ring: the safety net for work another process queued (the
     * {@code replay} command writes to the same file but cannot ring this process).
     */
    static final long MAX_IDLE_MILLIS = 5000;
    /** A due job another worker took first, or a claim the lease refused: try again shortly, not at once. */
    private static final long RACE_BACKOFF_MILLIS = 25;
    /**
     * Every this many claims, log pages go first: visible effects take the budget ahead of them, but
     * log pages keep at least this share of it, so a stream of callouts never starves them.
     */
    static final int LOG_SHARE_EVERY = 4;
    private static final List<Lane> VISIBLE_FIRST = List.of(Lane.VISIBLE, Lane.LOG);
    private static final List<Lane> LOG_FIRST = List.of(Lane.LOG, Lane.VISIBLE);
    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    private final JobStore jobs;
    private final JobRunner runner;
    private final LeaseKeeper lease;
    private final Wakeup wakeup;
    private final AtomicBoolean running;
    private final Clock clock;
    private final AtomicLong claims;

    WorkerLoop(JobStore jobs, JobRunner runner, LeaseKeeper lease, Wakeup wakeup, AtomicBoolean running, Clock clock,
               AtomicLong claims) {
        this.jobs = jobs;
        this.runner = runner;
        this.lease = lease;
        this.wakeup = wakeup;
        this.running = running;
        this.clock = clock;
        this.claims = claims;
    }

    @Override
    public void run() {
        while (running.get()) {
            try {
                long generation = lease.generation();
                if (generation == 0) {
                    wakeup.await(MAX_IDLE_MILLIS); // standing by: the lease keeper rings on taking over
                    continue;
                }
                List<Lane> lanes = claims.incrementAndGet() % LOG_SHARE_EVERY == 0 ? LOG_FIRST : VISIBLE_FIRST;
                Optional<Job> job = jobs.claimDue(clock.millis(), lease.leaseName(), lease.holder(), generation, lanes);
                if (job.isPresent()) {
                    runner.run(job.get());
                } else {
                    wakeup.await(untilNextDue());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("delivery worker hit an unexpected error; continuing", e);
                try {
                    wakeup.await(MAX_IDLE_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long untilNextDue() {
        Optional<Long> next = jobs.nextClaimableAt();
        if (next.isEmpty()) {
            return MAX_IDLE_MILLIS;
        }
        long wait = next.get() - clock.millis();
        return wait <= 0 ? RACE_BACKOFF_MILLIS : Math.min(wait, MAX_IDLE_MILLIS);
    }
}
