package com.notionrelay.delivery;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionException;
import com.notionrelay.store.Inbox;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.PauseStore;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job: looks for an earlier write when one may have landed, writes, retries
 * short clear-cut failures in-process, and writes where the job goes next (done, or the
 * {@link FailurePolicy}'s decision) to the store, fenced by the claim. Jobs of a coalescing kind
 * (property updates, callouts) take the same demo page's waiting jobs of their kind along: one
 * request carries them all, and each records the lead job as {@code carried_by}.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** What one attempt came to, short of a failure. */
    private sealed interface Result permits Written, LookAgain {
    }

    private record Written(String notionId) implements Result {
    }

    /** The look-up for an earlier write found nothing, and it reads a lagging index: look again later. */
    private record LookAgain(FailurePolicy.Next next) implements Result {
    }

    private final JobStore jobs;
    private final PauseStore pauses;
    private final Inbox inbox;
    private final Map<JobKind, JobHandler> handlers;
    private final FailurePolicy failures;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Retry retry;
    private final Runnable pauseAdded;

    /** @param pauseAdded told when a target is newly paused, so the prober plans its probe */
    JobRunner(JobStore jobs, PauseStore pauses, Inbox inbox, Map<JobKind, JobHandler> handlers, DeliveryPolicy policy,
              FailurePolicy failures, Clock clock, Runnable pauseAdded) {
        this.jobs = jobs;
        this.pauses = pauses;
        this.inbox = inbox;
        this.handlers = Map.copyOf(handlers);
        this.policy = policy;
        this.failures = failures;
        this.clock = clock;
        this.pauseAdded = pauseAdded;
        this.retry = Retry.of("notion-delivery", RetryConfig.custom()
                .maxAttempts(policy.inProcessAttempts())
                .retryOnException(this::worthWaitingFor)
                .intervalBiFunction((attempt, outcome) -> inProcessWait(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .build());
        retry.getEventPublisher().onRetry(e -> log.debug("retrying a Notion call in-process ({}): {}",
                e.getNumberOfRetryAttempts(), e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
    }

    void run(Job job) {
        JobHandler handler = handlers.get(job.kind());
        Optional<InteractionEvent> event;
        try {
            event = inbox.event(job.eventId());
        } catch (RuntimeException e) {
            log.error("job {}: its event could not be read; it is retried", job.id(), e);
            apply(job, failures.afterInternalError(attemptOf(job, null, handler, job.verifyFirst()), "internal error: " + e,
                    clock.millis()));
            return;
        }
        if (handler == null || event.isEmpty()) {
            apply(job, failures.unrunnable(handler == null ? "no handler for job kind " + job.kind() : "event missing"));
            return;
        }
        List<Job> group = new ArrayList<>(List.of(job));
        List<InteractionEvent> events = new ArrayList<>(List.of(event.get()));
        if (handler.coalesceLimit() > 1 && !job.verifyFirst()) {
            for (Job follower : followers(job, handler)) {
                Optional<InteractionEvent> e = inbox.event(follower.eventId());
                if (e.isEmpty()) {
                    apply(follower, failures.unrunnable("event missing"));
                } else {
                    group.add(follower);
                    events.add(e.get());
                }
            }
        }
        AtomicBoolean verify = new AtomicBoolean(job.verifyFirst());
        try {
            if (group.size() == 1) {
                runAlone(job, handler, event.get(), verify);
            } else {
                List<String> ids = withRetries(() -> writeTracking(() -> handler.writeAll(events), verify));
                for (int i = 0; i < group.size(); i++) {
                    done(group.get(i), ids.get(i), job.id());
                }
                log.debug("one request carried {} {} jobs of the {}", group.size(), job.kind(), job.target());
            }
        } catch (NotionException e) {
            for (int i = 0; i < group.size(); i++) {
                apply(group.get(i), failures.after(attemptOf(group.get(i), events.get(i), handler, verify.get()), e.error(),
                        clock.millis()));
            }
        } catch (RuntimeException e) {
            // A store failure (busy past its timeout, closed at shutdown), possibly after Notion took the
            // write: put the job back with a check first; if even that fails, it stays in flight and the
            // next lease holder recovers it the same way.
            log.error("job {} ({} of event {}) failed unexpectedly", job.id(), job.kind(), job.eventId(), e);
            for (int i = 0; i < group.size(); i++) {
                try {
                    apply(group.get(i), failures.afterInternalError(attemptOf(group.get(i), events.get(i), handler, true),
                            "internal error: " + e, clock.millis()));
                } catch (RuntimeException again) {
                    log.error("job {} could not be rescheduled; it is recovered when the lease next changes hands",
                            group.get(i).id(), again);
                }
            }
        }
    }

    /** The waiting jobs one request can carry along with {@code lead}; none when the store cannot say. */
    private List<Job> followers(Job lead, JobHandler handler) {
        try {
            return jobs.claimFollowers(lead, handler.coalesceLimit() - 1, clock.millis());
        } catch (RuntimeException e) {
            log.warn("job {}: could not gather waiting jobs to send along; it goes alone", lead.id(), e);
            return List.of();
        }
    }

    private void runAlone(Job job, JobHandler handler, InteractionEvent event, AtomicBoolean verify) throws NotionException {
        Result result = withRetries(() -> {
            if (verify.get()) {
                Optional<String> earlier = handler.findEarlier(event);
                if (earlier.isPresent()) {
                    return new Written(earlier.get());
                }
                Optional<FailurePolicy.Next> later = failures.afterMiss(attemptOf(job, event, handler, true), clock.millis());
                if (later.isPresent()) {
                    return new LookAgain(later.get());
                }
            }
            return new Written(writeTracking(() -> handler.write(event), verify));
        });
        if (result instanceof Written w) {
            done(job, w.notionId(), 0);
        } else if (result instanceof LookAgain again) {
            apply(job, again.next());
        }
    }

    private void done(Job job, String notionId, long carriedBy) {
        if (!jobs.markDone(job, notionId, carriedBy, clock.millis())) {
            log.warn("job {} was delivered as {}, but another relay process owns it now; its record stands",
                    job.id(), notionId);
        }
        log.debug("delivered {} of event {} as {}", job.kind(), job.eventId(), notionId);
    }

    /** A Notion write; an ambiguous failure marks that the next try must look for it first. */
    private static <T> T writeTracking(NotionCall<T> write, AtomicBoolean verify) throws NotionException {
        try {
            return write.call();
        } catch (NotionException e) {
            if (e.error().kind() == ErrorKind.AMBIGUOUS) {
                verify.set(true);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface NotionCall<T> {
        T call() throws NotionException;
    }

    /** Short clear-cut failures are retried in-process by resilience4j; the rest come out as they are. */
    private <T> T withRetries(NotionCall<T> call) throws NotionException {
        try {
            return Retry.decorateCheckedSupplier(retry, call::call).get();
        } catch (NotionException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            // resilience4j's checked supplier declares Throwable; anything else is a bug: check before repeating.
            throw new IllegalStateException(t);
        }
    }

    private static FailurePolicy.Attempt attemptOf(Job job, InteractionEvent event, JobHandler handler, boolean verify) {
        return new FailurePolicy.Attempt(job, event == null ? null : event.demoId(), verify,
                handler != null && handler.lookupTrailsWrites(), handler == null ? "" : handler.operatorHint());
    }

    /** Writes the decision, fenced by the claim; a process that lost the lease changes nothing. */
    private void apply(Job job, FailurePolicy.Next next) {
        long now = clock.millis();
        boolean applied;
        if (next instanceof FailurePolicy.Retry r) {
            applied = jobs.reschedule(job, r.runAtMillis(), r.error(), r.verifyFirst(), r.verifyMisses(), r.counted(), now);
        } else if (next instanceof FailurePolicy.Park p) {
            if (pauses.pause(p.pause(), p.error(), now, now + policy.operatorRecheck().toMillis())) {
                int waiting = jobs.parkTarget(p.pause());
                log.warn("delivery to the {} is paused until it answers again ({} more job(s) wait): {}",
                        p.pause(), waiting, p.error());
                pauseAdded.run();
            }
            applied = jobs.park(job, p.pause(), p.error(), p.verifyFirst(), now);
        } else {
            FailurePolicy.Dead d = (FailurePolicy.Dead) next;
            log.warn("event {} ({}) dead-lettered: {}", job.eventId(), job.kind(), d.error());
            applied = jobs.markDead(job, d.error(), now);
        }
        if (!applied) {
            log.warn("job {} belongs to another relay process now (the delivery lease changed hands); "
                    + "this one's outcome is dropped", job.id());
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
}
