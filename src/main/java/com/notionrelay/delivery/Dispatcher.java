package com.notionrelay.delivery;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionException;
import com.notionrelay.store.Inbox;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.Lease;
import com.notionrelay.store.PauseStore;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background workers that take due jobs from the outbox and hand each to the {@link JobHandler}
 * for its kind. What happens after a failure depends only on the error's kind:
 * <ul>
 *   <li>transient or rate-limited with a short wait: retried in-process by resilience4j-retry;</li>
 *   <li>anything longer, and every ambiguous failure: written back to the job's {@code run_at};
 *       an ambiguous one is looked up before it is written again;</li>
 *   <li>needs an operator (401/403/404): the job's target is paused, the attempt not counted,
 *       and a probe lifts the pause once the target answers;</li>
 *   <li>permanent, or past the attempt or age limit: a dead letter carrying its last error.</li>
 * </ul>
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long IDLE_POLL_MILLIS = 1000;
    private static final Duration LEASE_TTL = Duration.ofSeconds(15);
    private static final Duration LEASE_RENEWAL = Duration.ofSeconds(3);
    private static final Duration MAX_PROBE_INTERVAL = Duration.ofMinutes(10);
    private static final String STANDBY = "another relay process is delivering from this database file; "
            + "this one accepts events and takes over delivery when that one stops";

    private final JobStore jobs;
    private final PauseStore pauses;
    private final Inbox inbox;
    private final Map<JobKind, JobHandler> handlers;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final int workers;
    private final Retry retry;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Lease lease;
    private final DeliveryState state;
    private final String holder = UUID.randomUUID().toString();
    private ExecutorService pool;

    /**
     * @param lease  held while this process delivers, so a second process on the same file stands by
     *               instead of taking over the first one's jobs in flight
     * @param state  set to running while this process holds the lease, paused (standing by) otherwise
     */
    public Dispatcher(JobStore jobs, PauseStore pauses, Inbox inbox, Map<JobKind, JobHandler> handlers,
                      DeliveryPolicy policy, Clock clock, int workers, Lease lease, DeliveryState state) {
        this.lease = lease;
        this.state = state;
        this.jobs = jobs;
        this.pauses = pauses;
        this.inbox = inbox;
        this.handlers = Map.copyOf(handlers);
        this.policy = policy;
        this.clock = clock;
        this.workers = workers;
        this.retry = Retry.of("notion-delivery", RetryConfig.custom()
                .maxAttempts(policy.inProcessAttempts())
                .retryOnException(this::worthWaitingFor)
                .intervalBiFunction((attempt, outcome) -> inProcessWait(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .build());
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
        pool.submit(this::controlLoop);
    }

    /** Takes over delivery for this file: recovers what a previous holder left in flight, starts the workers. */
    private void lead() {
        // The lookup that replaces a cut-off write waits one backoff, so Notion's query can show the page.
        int recovered = jobs.recoverInFlight(clock.millis() + policy.backoffBase().toMillis());
        if (recovered > 0) {
            log.info("{} job(s) were in flight when the relay stopped; they will be checked before any rewrite", recovered);
        }
        leading.set(true);
        for (int i = 0; i < workers; i++) {
            pool.submit(this::workLoop);
        }
        state.running();
    }

    /** New work was queued: stop idling. */
    public void wake() {
        wakeups.release(workers);
    }

    /**
     * Stops taking jobs and lets calls in flight finish within {@code grace}. A job cut off past it
     * stays in flight in the store and is checked before it is rewritten on the next start.
     */
    public synchronized void stop(Duration grace) {
        if (!running.getAndSet(false) || pool == null) {
            return;
        }
        wakeups.release(workers + 1);
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
        if (leading.getAndSet(false)) {
            lease.release(holder); // a process standing by takes over at once rather than after the TTL
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private void workLoop() {
        while (running.get() && leading.get()) {
            try {
                Optional<Job> job = jobs.claimDue(clock.millis());
                if (job.isPresent()) {
                    deliver(job.get());
                } else {
                    idle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("delivery worker hit an unexpected error; continuing", e);
                sleepQuietly(IDLE_POLL_MILLIS);
            }
        }
    }

    private void idle() throws InterruptedException {
        long wait = jobs.nextRunAt().map(at -> at - clock.millis()).orElse(IDLE_POLL_MILLIS);
        wakeups.tryAcquire(Math.max(10, Math.min(wait, IDLE_POLL_MILLIS)), TimeUnit.MILLISECONDS);
    }

    void deliver(Job job) {
        AtomicBoolean verify = new AtomicBoolean(job.verifyFirst());
        try {
            JobHandler handler = handlers.get(job.kind());
            Optional<InteractionEvent> event = inbox.event(job.eventId());
            if (handler == null || event.isEmpty()) {
                jobs.markDead(job.id(), handler == null ? "no handler for job kind " + job.kind() : "event missing",
                        clock.millis());
                return;
            }
            perform(job, handler, event.get(), verify);
        } catch (RuntimeException e) {
            // A store failure (busy past its timeout, closed at shutdown), possibly after Notion took the
            // write: try to put the job back with a check first; if even that fails, it stays in flight and
            // the next start recovers it the same way.
            log.error("job {} ({} of event {}) failed unexpectedly", job.id(), job.kind(), job.eventId(), e);
            try {
                reschedule(job, null, "internal error: " + e, true);
            } catch (RuntimeException again) {
                log.error("job {} could not be rescheduled; it is recovered on the next start", job.id(), again);
            }
        }
    }

    private void perform(Job job, JobHandler handler, InteractionEvent event, AtomicBoolean verify) {
        try {
            String notionId = Retry.decorateCheckedSupplier(retry, () -> {
                try {
                    return handler.perform(event, verify.get());
                } catch (NotionException e) {
                    if (e.error().kind() == ErrorKind.AMBIGUOUS) {
                        verify.set(true);
                    }
                    throw e;
                }
            }).get();
            jobs.markDone(job.id(), notionId, clock.millis());
            log.debug("delivered {} of event {} as {}", job.kind(), job.eventId(), notionId);
        } catch (NotionException e) {
            failed(job, e.error(), verify.get(), handler);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            // resilience4j's checked supplier declares Throwable; anything else is a bug: check before repeating.
            throw new IllegalStateException(t);
        }
    }

    private void failed(Job job, NotionError error, boolean verify, JobHandler handler) {
        long now = clock.millis();
        if (error.needsOperator() && job.target() != null && !tooOld(job, now)) {
            String message = error.describe() + " — " + handler.operatorHint();
            jobs.park(job.id(), message, verify, now);
            if (pauses.pause(job.target(), message, now, now + policy.operatorRecheck().toMillis())) {
                log.warn("delivery to the {} is paused until an operator fixes it: {}", job.target(), message);
            }
        } else if (error.kind() == ErrorKind.PERMANENT) {
            log.warn("event {} dead-lettered: {}", job.eventId(), error.describe());
            jobs.markDead(job.id(), error.describe(), now);
        } else {
            reschedule(job, error, error.describe(), verify);
        }
    }

    /** Past the maximum age a job is dead even while its target waits for an operator. */
    private boolean tooOld(Job job, long now) {
        return now - job.createdAtMillis() > policy.maxAge().toMillis();
    }

    private void reschedule(Job job, NotionError error, String message, boolean verify) {
        long now = clock.millis();
        if (job.attempts() >= policy.maxAttempts() || tooOld(job, now)) {
            String why = job.attempts() >= policy.maxAttempts() ? job.attempts() + " attempts" : "the maximum age";
            log.warn("event {} dead-lettered after {}: {}", job.eventId(), why, message);
            jobs.markDead(job.id(), message + " (gave up after " + why + ")", now);
            return;
        }
        Duration wait = policy.backoffAfter(job.attempts());
        if (error != null && error.retryAfter().isPresent() && error.retryAfter().get().compareTo(wait) > 0) {
            wait = error.retryAfter().get();
        }
        jobs.reschedule(job.id(), now + wait.toMillis(), message, verify, now);
    }

    /**
     * Once a second: keeps (or waits for) the delivery lease, and while leading probes the paused
     * target most overdue; a success lifts the pause.
     */
    private void controlLoop() {
        long lastRenewal = 0;
        while (running.get()) {
            try {
                long now = clock.millis();
                if (!leading.get() || now - lastRenewal >= LEASE_RENEWAL.toMillis()) {
                    holdLease();
                    lastRenewal = now;
                }
                if (leading.get()) {
                    // one probe a second at most, whatever the number of paused targets: probes share the budget
                    pauses.dueForProbe(clock.millis()).stream().findFirst().ifPresent(this::probe);
                }
            } catch (RuntimeException e) {
                log.error("delivery control loop failed; continuing", e);
            }
            sleepQuietly(IDLE_POLL_MILLIS);
        }
    }

    private void holdLease() {
        boolean held = lease.tryAcquire(holder, LEASE_TTL);
        if (held && !leading.get()) {
            lead();
        } else if (!held && leading.getAndSet(false)) {
            // stalled past the TTL and another process took over: stop taking jobs
            log.error("lost the delivery lease to another relay process; this one stands by");
            state.paused(STANDBY);
        } else if (!held) {
            state.paused(STANDBY);
        }
    }

    private void probe(PauseStore.Pause pause) {
        long now = clock.millis();
        Optional<Job> waiting = jobs.oneWaitingFor(pause.target());
        Optional<InteractionEvent> event = waiting.flatMap(j -> inbox.event(j.eventId()));
        JobHandler handler = waiting.map(j -> handlers.get(j.kind())).orElse(null);
        if (event.isEmpty() || handler == null) {
            pauses.resume(pause.target());
            return;
        }
        try {
            handler.probe(event.get());
            // Parked jobs are already due; jobs waiting out a backoff or Retry-After keep waiting.
            pauses.resume(pause.target());
            log.info("the {} answers again; delivery resumed", pause.target());
            wake();
        } catch (NotionException e) {
            // the longer a target has been broken, the less often it is asked: half its outage, within bounds
            long wait = Math.min(MAX_PROBE_INTERVAL.toMillis(),
                    Math.max(policy.operatorRecheck().toMillis(), (now - pause.sinceMillis()) / 2));
            pauses.probeAgainAt(pause.target(), now + wait);
            log.debug("the {} is still not usable: {}", pause.target(), e.error().describe());
        }
    }

    /** In-process waits are for short, clear-cut cases; an ambiguous write waits in the store instead. */
    private boolean worthWaitingFor(Throwable t) {
        if (!(t instanceof NotionException ne)) {
            return false;
        }
        NotionError e = ne.error();
        boolean shortWait = e.retryAfter().map(d -> d.compareTo(policy.shortWaitLimit()) <= 0).orElse(true);
        return switch (e.kind()) {
            case TRANSIENT, RATE_LIMITED -> shortWait;
            case AMBIGUOUS, PERMANENT -> false;
        };
    }

    private long inProcessWait(int attempt, Throwable failure) {
        if (failure instanceof NotionException ne && ne.error().retryAfter().isPresent()) {
            return ne.error().retryAfter().get().toMillis();
        }
        return DeliveryPolicy.jittered(policy.inProcessBaseWait(), policy.shortWaitLimit(), attempt).toMillis();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
