package com.notionrelay.delivery;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionException;
import com.notionrelay.store.Inbox;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.JobStore;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 * for its kind. Success records the Notion id; failure is rescheduled, parked for an operator, or
 * dead-lettered according to the error's kind.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long IDLE_POLL_MILLIS = 1000;

    private final JobStore jobs;
    private final Inbox inbox;
    private final Map<JobKind, JobHandler> handlers;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final int workers;
    private final Retry retry;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService pool;

    public Dispatcher(JobStore jobs, Inbox inbox, Map<JobKind, JobHandler> handlers, DeliveryPolicy policy,
                      Clock clock, int workers) {
        this.jobs = jobs;
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
        int recovered = jobs.recoverInFlight(clock.millis());
        if (recovered > 0) {
            log.info("{} job(s) were in flight when the relay stopped; they will be checked before any rewrite", recovered);
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < workers; i++) {
            pool.submit(this::workLoop);
        }
    }

    /** New work was queued: stop idling. */
    public void wake() {
        wakeups.release(workers);
    }

    /** Stops taking jobs and lets calls in flight finish within {@code grace}. */
    public synchronized void stop(Duration grace) {
        if (!running.getAndSet(false) || pool == null) {
            return;
        }
        wakeups.release(workers);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private void workLoop() {
        while (running.get()) {
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
        JobHandler handler = handlers.get(job.kind());
        Optional<InteractionEvent> event = inbox.event(job.eventId());
        if (handler == null || event.isEmpty()) {
            jobs.markDead(job.id(), handler == null ? "no handler for job kind " + job.kind() : "event missing", clock.millis());
            return;
        }
        AtomicBoolean verify = new AtomicBoolean(job.verifyFirst());
        try {
            String notionId = Retry.decorateCheckedSupplier(retry, () -> {
                try {
                    return handler.perform(event.get(), verify.get());
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
        } catch (Throwable t) {
            // A bug or a store failure, possibly after Notion took the write: check before repeating.
            log.error("job {} ({} of event {}) failed unexpectedly", job.id(), job.kind(), job.eventId(), t);
            reschedule(job, null, "internal error: " + t, true);
        }
    }

    private void failed(Job job, NotionError error, boolean verify, JobHandler handler) {
        long now = clock.millis();
        if (error.needsOperator()) {
            String message = error.describe() + " — " + handler.operatorHint();
            log.warn("delivery of event {} needs an operator: {}", job.eventId(), message);
            jobs.reschedule(job.id(), now + policy.operatorRecheck().toMillis(), message, verify, now);
        } else if (error.kind() == ErrorKind.PERMANENT) {
            log.warn("event {} dead-lettered: {}", job.eventId(), error.describe());
            jobs.markDead(job.id(), error.describe(), now);
        } else {
            reschedule(job, error, error.describe(), verify);
        }
    }

    private void reschedule(Job job, NotionError error, String message, boolean verify) {
        long now = clock.millis();
        if (job.attempts() >= policy.maxAttempts()) {
            log.warn("event {} dead-lettered after {} attempts: {}", job.eventId(), job.attempts(), message);
            jobs.markDead(job.id(), message, now);
            return;
        }
        Duration wait = policy.backoffAfter(job.attempts());
        if (error != null && error.retryAfter().isPresent() && error.retryAfter().get().compareTo(wait) > 0) {
            wait = error.retryAfter().get();
        }
        jobs.reschedule(job.id(), now + wait.toMillis(), message, verify, now);
    }

    private boolean worthWaitingFor(Throwable t) {
        if (!(t instanceof NotionException ne)) {
            return false;
        }
        NotionError e = ne.error();
        return switch (e.kind()) {
            case TRANSIENT, AMBIGUOUS -> true;
            case RATE_LIMITED -> e.retryAfter().map(d -> d.compareTo(policy.shortWaitLimit()) <= 0).orElse(true);
            case PERMANENT -> false;
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
