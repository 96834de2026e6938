package com.notionrelay.delivery;

import com.notionrelay.store.Inbox;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.Lease;
import com.notionrelay.store.PauseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery in one process, wired from four parts, each in its own class:
 * <ul>
 *   <li>{@link LeaseKeeper}: holds the delivery lease on its own thread; only its holder delivers;</li>
 *   <li>{@link WorkerLoop} × workers: claim a due job, or sleep until one is due or they are rung;</li>
 *   <li>{@link JobRunner} with {@link FailurePolicy}: one job's attempt, and where a failed job goes
 *       next (retry at a time, park behind a pause, dead letter);</li>
 *   <li>{@link PauseProber} with {@link TargetProbe}: ages out parked jobs and probes paused targets
 *       within a tenth of the rate budget.</li>
 * </ul>
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final String STANDBY = "another relay process is delivering from this database file; "
            + "this one accepts events and takes over delivery when that one stops";

    private final JobStore jobs;
    private final PauseStore pauses;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final int workers;
    private final DeliveryState state;
    private final LeaseKeeper lease;
    private final Wakeup workBell;
    private final Wakeup probeBell = new Wakeup(1);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong claims = new AtomicLong();
    private final JobRunner runner;
    private final TargetProbe probe;
    private ExecutorService pool;

    /**
     * @param lease  held while this process delivers, so a second process on the same file stands by
     *               instead of taking over the first one's jobs in flight
     * @param state  set to running while this process holds the lease, paused (standing by) otherwise
     */
    public Dispatcher(JobStore jobs, PauseStore pauses, Inbox inbox, Map<JobKind, JobHandler> handlers,
                      DeliveryPolicy policy, Clock clock, int workers, Lease lease, DeliveryState state, TargetProbe probe) {
        this.jobs = jobs;
        this.pauses = pauses;
        this.policy = policy;
        this.clock = clock;
        this.workers = workers;
        this.state = state;
        this.probe = probe;
        this.workBell = new Wakeup(workers);
        this.lease = new LeaseKeeper(lease, UUID.randomUUID().toString(), new LeaseKeeper.Listener() {
            @Override
            public void acquired(long generation) {
                lead(generation);
            }

            @Override
            public void standingBy(boolean lost) {
                if (lost) {
                    // stalled past the TTL and another process took over: its claims are fenced from ours
                    log.error("lost the delivery lease to another relay process; this one stands by");
                }
                state.paused(STANDBY);
            }
        });
        this.runner = new JobRunner(jobs, pauses, inbox, handlers, policy,
                new FailurePolicy(policy, new Random()), clock, probeBell::ring);
    }

    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        state.paused("waiting for the delivery lease");
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(workers + 1, r -> {
            Thread t = new Thread(r, "delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < workers; i++) {
            pool.submit(new WorkerLoop(jobs, runner, lease, workBell, running, clock, claims));
        }
        pool.submit(new PauseProber(pauses, jobs, probe, policy, lease, probeBell, workBell::ring, running, clock));
        lease.start();
    }

    /** Took over delivery for this file: recovers what an expired lease left in flight, then rings the workers. */
    private void lead(long generation) {
        // The look-up that replaces a cut-off write waits out the query index's lag, so Notion can show the page.
        int recovered = jobs.recoverInFlight(generation, clock.millis() + policy.indexLag().toMillis());
        if (recovered > 0) {
            log.info("{} job(s) were in flight under an expired lease; they will be checked before any rewrite", recovered);
        }
        state.running();
        workBell.ring();
        probeBell.ring();
    }

    /** New work was queued, a pause lifted or dead letters replayed: stop idling. */
    public void wake() {
        workBell.ring();
    }

    /** An operator asks for a paused target to be probed now (the probe spacing still applies). */
    public void probeNow(String target) {
        pauses.probeAgainAt(target, clock.millis());
        probeBell.ring();
    }

    /** How many claims the workers have tried: idle workers that never spin keep this still. */
    public long claimAttempts() {
        return claims.get();
    }

    /**
     * Stops taking jobs and lets calls in flight finish within {@code grace}. A job cut off past it
     * stays in flight in the store and is checked before it is rewritten by the next lease holder.
     */
    public synchronized void stop(Duration grace) {
        if (!running.getAndSet(false) || pool == null) {
            return;
        }
        workBell.ring();
        probeBell.ring();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("delivery did not finish within {}s; remaining jobs resume on the next start", grace.toSeconds());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        lease.close(); // a process standing by takes over at once rather than after the TTL
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
