package com.notionrelay.delivery;

import com.notionrelay.notion.Blame;
import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionId;
import com.notionrelay.store.Job;
import com.notionrelay.store.Targets;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Where a job goes after an attempt that did not write: a pure function of the job, the error
 * (its kind and blame, decided in the Notion client) and the time, with no threads, store or
 * Notion, so every branch is tested on its own. One reason per early return.
 */
public final class FailurePolicy {

    /** What to do with the job next. */
    public sealed interface Next permits Retry, Park, Dead {
    }

    /** Back to pending, due at {@code runAtMillis}; {@code counted} false for a look-up to repeat, not a failure. */
    public record Retry(long runAtMillis, String error, boolean verifyFirst, int verifyMisses, boolean counted)
            implements Next {
        Retry(long runAtMillis, String error, boolean verifyFirst, int verifyMisses) {
            this(runAtMillis, error, verifyFirst, verifyMisses, true);
        }
    }

    /** Pending, but waiting for {@code pause} (a target or a page) to answer again; the attempt is not counted. */
    public record Park(String pause, String error, boolean verifyFirst) implements Next {
    }

    /** A dead letter with its reason. */
    public record Dead(String error) implements Next {
    }

    /**
     * The facts of one attempt the decision needs besides the job.
     *
     * @param verifyFirst        the write may already have happened (ambiguous failure, crash)
     * @param lookupTrailsWrites the handler's "did it land?" check reads Notion's lagging query index
     * @param operatorHint       the fix when the job's own target fails (token, sharing)
     */
    public record Attempt(Job job, NotionId demoPage, boolean verifyFirst, boolean lookupTrailsWrites,
                          String operatorHint) {
    }

    static final String MAX_AGE = " (gave up after the maximum age)";

    private final DeliveryPolicy policy;
    private final RandomGenerator random;

    public FailurePolicy(DeliveryPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** After Notion refused or failed the attempt. */
    public Next after(Attempt a, NotionError error, long nowMillis) {
        Job job = a.job();
        if (error.needsOperator()) {
            String pause = pauseFor(a, error);
            String why = switch (error.blame()) {
                case REFERENCED_OBJECT -> "page " + error.object().orElseThrow() + ", which this event refers to, is "
                        + "missing or not shared with the integration: share it (… menu → Connections) or correct the "
                        + "event's demo_id (" + error.describe() + ")";
                case TOKEN -> error.describe() + " — check NOTION_TOKEN: the integration's secret, from "
                        + "notion.so/my-integrations (delivery waits for every target until it works)";
                default -> error.describe() + " — " + a.operatorHint();
            };
            if (tooOld(job, nowMillis)) {
                return new Dead(why + MAX_AGE); // a person had the whole maximum age to fix it
            }
            return new Park(pause, why, a.verifyFirst());
        }
        if (error.kind() == ErrorKind.PERMANENT) {
            return new Dead(error.describe()); // the same request fails the same way
        }
        if (gaveUp(job, nowMillis)) {
            return new Dead(error.describe() + givingUpReason(job));
        }
        if (error.kind() == ErrorKind.AMBIGUOUS) {
            // The write may have landed: look before writing again, once the look-up can see it.
            return new Retry(nowMillis + settle(a).toMillis(), error.describe(), true, 0);
        }
        Duration wait = backoff(job);
        if (error.retryAfter().isPresent() && error.retryAfter().get().compareTo(wait) > 0) {
            wait = error.retryAfter().get(); // Notion said how long; a long wait is a time in the store
        }
        return new Retry(nowMillis + wait.toMillis(), error.describe(), a.verifyFirst(), job.verifyMisses());
    }

    /**
     * The look-up after an ambiguous write found nothing. A look-up that reads a lagging index is
     * repeated once, a lag later, before the job writes again: one miss may be the index behind.
     *
     * @return empty when the job should write now
     */
    public java.util.Optional<Next> afterMiss(Attempt a, long nowMillis) {
        if (!a.lookupTrailsWrites() || a.job().verifyMisses() >= 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Retry(nowMillis + policy.indexLag().toMillis(),
                "no earlier write found yet; looking once more before writing again", true, a.job().verifyMisses() + 1,
                false));
    }

    /** The store or the relay itself failed mid-job, maybe after Notion took the write: check before repeating. */
    public Next afterInternalError(Attempt a, String message, long nowMillis) {
        if (gaveUp(a.job(), nowMillis)) {
            return new Dead(message + givingUpReason(a.job()));
        }
        return new Retry(nowMillis + settle(a).toMillis(), message, true, 0);
    }

    /** The job's event or handler is gone: nothing to deliver. */
    public Next unrunnable(String why) {
        return new Dead(why);
    }

    /**
     * The pause a job waits for. A page the request only referred to (a relation to a demo page)
     * is blamed alone: its demo page's pause when it is the event's demo page, else its own; every
     * other event goes on. The token (a 401) holds every job. Otherwise the job's own target: the
     * Interactions data source, or its demo page.
     */
    static String pauseFor(Attempt a, NotionError error) {
        if (error.blame() == Blame.TOKEN) {
            return Targets.TOKEN; // every call fails alike: every job waits, one probe tells when it works
        }
        if (error.blame() == Blame.REFERENCED_OBJECT && error.object().isPresent()) {
            NotionId page = error.object().get();
            return page.equals(a.demoPage()) ? Targets.demoPage(page) : Targets.page(page);
        }
        return a.job().target() != null ? a.job().target() : Targets.INTERACTIONS;
    }

    private Duration settle(Attempt a) {
        return a.lookupTrailsWrites() ? policy.indexLag() : backoff(a.job());
    }

    private Duration backoff(Job job) {
        return DeliveryPolicy.jittered(policy.backoffBase(), policy.backoffMax(), job.attempts(), random);
    }

    private boolean gaveUp(Job job, long nowMillis) {
        return job.attempts() >= policy.maxAttempts() || tooOld(job, nowMillis);
    }

    private String givingUpReason(Job job) {
        return job.attempts() >= policy.maxAttempts() ? " (gave up after " + job.attempts() + " attempts)" : MAX_AGE;
    }

    private boolean tooOld(Job job, long nowMillis) {
        return nowMillis - job.createdAtMillis() > policy.maxAge().toMillis();
    }
}
