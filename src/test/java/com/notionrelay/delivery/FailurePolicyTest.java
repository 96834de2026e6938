package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.notion.Blame;
import com.notionrelay.notion.ErrorKind;
import com.notionrelay.notion.NotionError;
import com.notionrelay.notion.NotionId;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.JobState;
import com.notionrelay.store.Targets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where a failed job goes next, decided without threads, SQLite or Notion. */
class FailurePolicyTest {

    private static final NotionId DEMO = NotionId.parse("aaaaaaaabbbbccccddddeeeeeeeeeeee").orElseThrow();
    private static final NotionId OTHER = NotionId.parse("99999999bbbbccccddddeeeeeeeeeeee").orElseThrow();
    private static final long NOW = 1_000_000_000L;
    private static final DeliveryPolicy POLICY = DeliveryPolicy.of(Duration.ofSeconds(5), 12, Duration.ofHours(1),
            Duration.ofSeconds(30), Duration.ofSeconds(30), 3);
    private final FailurePolicy policy = new FailurePolicy(POLICY, new Random(7));

    private static Job job(JobKind kind, String target, int attempts, long createdAt, int misses) {
        return new Job(1, "e-1", kind, JobState.IN_FLIGHT, attempts, NOW, createdAt, false, null, null, target, 1, null, misses, 0);
    }

    private static FailurePolicy.Attempt attempt(Job job, boolean lagging) {
        return new FailurePolicy.Attempt(job, DEMO, false, lagging, "share the Interactions database");
    }

    private static NotionError error(ErrorKind kind, int status, Blame blame, NotionId object, Duration retryAfter) {
        return new NotionError(kind, status, "code", "message", Optional.ofNullable(retryAfter), blame, Optional.ofNullable(object));
    }

    private final Job interactionJob = job(JobKind.INTERACTION_PAGE, Targets.INTERACTIONS, 1, NOW - 1000, 0);

    @Test
    void aMissingRelationTargetParksOnItsDemoPageNotOnTheSharedDataSource() {
        FailurePolicy.Next next = policy.after(attempt(interactionJob, true),
                error(ErrorKind.PERMANENT, 404, Blame.REFERENCED_OBJECT, DEMO, null), NOW);
        FailurePolicy.Park park = assertInstanceOf(FailurePolicy.Park.class, next);
        assertEquals(Targets.demoPage(DEMO), park.pause());
        assertTrue(park.error().contains(DEMO.value()) && park.error().contains("demo_id"), park.error());
    }

    @Test
    void aReferencedPageOtherThanTheDemoPageIsPausedOnItsOwn() {
        FailurePolicy.Park park = assertInstanceOf(FailurePolicy.Park.class, policy.after(attempt(interactionJob, true),
                error(ErrorKind.PERMANENT, 404, Blame.REFERENCED_OBJECT, OTHER, null), NOW));
        assertEquals(Targets.page(OTHER), park.pause());
    }

    @Test
    void theDataSourceItselfFailingPausesTheSharedTargetWithTheOperatorsFix() {
        FailurePolicy.Park park = assertInstanceOf(FailurePolicy.Park.class, policy.after(attempt(interactionJob, true),
                error(ErrorKind.PERMANENT, 404, Blame.ADDRESSED_OBJECT, null, null), NOW));
        assertEquals(Targets.INTERACTIONS, park.pause());
        assertTrue(park.error().endsWith("share the Interactions database"), park.error());
    }

    @Test
    void aRejectedTokenHoldsEveryTarget() {
        Job callout = job(JobKind.CALLOUT, Targets.demoPage(DEMO), 1, NOW, 0);
        FailurePolicy.Park park = assertInstanceOf(FailurePolicy.Park.class, policy.after(attempt(callout, false),
                error(ErrorKind.PERMANENT, 401, Blame.TOKEN, null, null), NOW));
        assertEquals(Targets.TOKEN, park.pause());
        assertTrue(park.error().contains("NOTION_TOKEN"), park.error());
    }

    @Test
    void pastTheMaximumAgeAnOperatorErrorIsADeadLetter() {
        Job old = job(JobKind.CALLOUT, Targets.demoPage(DEMO), 1, NOW - Duration.ofHours(2).toMillis(), 0);
        FailurePolicy.Dead dead = assertInstanceOf(FailurePolicy.Dead.class, policy.after(attempt(old, false),
                error(ErrorKind.PERMANENT, 404, Blame.ADDRESSED_OBJECT, DEMO, null), NOW));
        assertTrue(dead.error().endsWith("(gave up after the maximum age)"), dead.error());
    }

    @Test
    void permanentErrorsAreDeadAtOnce() {
        assertInstanceOf(FailurePolicy.Dead.class, policy.after(attempt(interactionJob, true),
                error(ErrorKind.PERMANENT, 400, Blame.NONE, null, null), NOW));
    }

    @Test
    void transientErrorsRetryWithBackoffUntilAttemptsRunOut() {
        FailurePolicy.Retry retry = assertInstanceOf(FailurePolicy.Retry.class, policy.after(attempt(interactionJob, true),
                error(ErrorKind.TRANSIENT, 502, Blame.NONE, null, null), NOW));
        assertTrue(retry.runAtMillis() >= NOW + 2500 && retry.runAtMillis() <= NOW + 5000, "half to all of the base backoff");
        Job spent = job(JobKind.INTERACTION_PAGE, Targets.INTERACTIONS, 12, NOW, 0);
        FailurePolicy.Dead dead = assertInstanceOf(FailurePolicy.Dead.class, policy.after(attempt(spent, true),
                error(ErrorKind.TRANSIENT, 502, Blame.NONE, null, null), NOW));
        assertTrue(dead.error().endsWith("(gave up after 12 attempts)"));
    }

    @Test
    void aLongRetryAfterIsATimeInTheStore() {
        FailurePolicy.Retry retry = assertInstanceOf(FailurePolicy.Retry.class, policy.after(attempt(interactionJob, true),
                error(ErrorKind.RATE_LIMITED, 429, Blame.NONE, null, Duration.ofSeconds(120)), NOW));
        assertEquals(NOW + 120_000, retry.runAtMillis());
    }

    @Test
    void anAmbiguousCreateLooksAfterTheIndexLagAndTwiceBeforeWritingAgain() {
        FailurePolicy.Retry retry = assertInstanceOf(FailurePolicy.Retry.class, policy.after(attempt(interactionJob, true),
                error(ErrorKind.AMBIGUOUS, 0, Blame.NONE, null, null), NOW));
        assertEquals(NOW + 30_000, retry.runAtMillis());
        assertTrue(retry.verifyFirst());

        FailurePolicy.Retry again = assertInstanceOf(FailurePolicy.Retry.class,
                policy.afterMiss(attempt(interactionJob, true), NOW).orElseThrow());
        assertEquals(NOW + 30_000, again.runAtMillis());
        assertEquals(1, again.verifyMisses());
        assertEquals(false, again.counted(), "a look-up to repeat is not a failed attempt");
        Job missedOnce = job(JobKind.INTERACTION_PAGE, Targets.INTERACTIONS, 2, NOW, 1);
        assertEquals(Optional.empty(), policy.afterMiss(attempt(missedOnce, true), NOW), "second miss: write");
        assertEquals(Optional.empty(), policy.afterMiss(attempt(interactionJob, false), NOW),
                "a look-up that does not read an index is believed at once");
    }

    @Test
    void probesTakeATenthOfTheRateBudget() {
        assertEquals(Duration.ofMillis(3333), POLICY.probeSpacing(), "3 requests/s: one probe every 3.3 s at most");
    }
}
