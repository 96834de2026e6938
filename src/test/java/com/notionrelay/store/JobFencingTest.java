package com.notionrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.app.Storage;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionId;
import com.notionrelay.support.Accepting;
import com.notionrelay.support.MutableClock;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every update of a claimed job is conditioned on the lease generation that claimed it. */
class JobFencingTest {

    private static final Duration TTL = Duration.ofSeconds(15);
    private static final NotionId DEMO = NotionId.parse("aaaaaaaabbbbccccddddeeeeeeeeeeee").orElseThrow();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private static InteractionEvent event(String id) {
        return new InteractionEvent(id, "database-page", DEMO, "clicked", null, null, null,
                OffsetDateTime.parse("2026-11-22T10:00:00Z"), null);
    }

    @Test
    void aLateMarkDoneOfAnOwnerThatLostTheLeaseChangesNothing() {
        try (Storage storage = Storage.open(dir.resolve("relay.db"), clock)) {
            Lease leaseA = new Lease(storage.db, clock, Lease.DELIVERY);
            Lease leaseB = new Lease(storage.db, clock, Lease.DELIVERY);
            long genA = leaseA.acquire("A", TTL).orElseThrow();
            Accepting.accept(storage.inbox, event("e-1"), List.of(JobKind.INTERACTION_PAGE));
            Job claimedByA = storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "A", genA).orElseThrow();

            // A stalls mid-call past the TTL; B takes over and recovers what A left in flight
            clock.advance(TTL.plusSeconds(1));
            long genB = leaseB.acquire("B", TTL).orElseThrow();
            assertNotEquals(genA, genB, "a hand-over starts a new generation");
            assertEquals(1, storage.jobs.recoverInFlight(genB, clock.millis()));
            Job claimedByB = storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "B", genB).orElseThrow();
            assertEquals(claimedByA.id(), claimedByB.id());

            assertFalse(storage.jobs.markDone(claimedByA, "page-from-a", clock.millis()), "A's late result is fenced off");
            assertFalse(storage.jobs.reschedule(claimedByA, 0, "late", false, 0, true, clock.millis()));
            assertFalse(storage.jobs.park(claimedByA, "interactions database", "late", false, clock.millis()));
            assertFalse(storage.jobs.markDead(claimedByA, "late", clock.millis()));
            Job now = storage.jobs.find(claimedByA.id()).orElseThrow();
            assertEquals(JobState.IN_FLIGHT, now.state(), "still B's, in flight");
            assertEquals(genB, now.claimGeneration());

            assertTrue(storage.jobs.markDone(claimedByB, "page-from-b", clock.millis()));
            assertEquals("page-from-b", storage.jobs.find(claimedByA.id()).orElseThrow().notionPageId());
        }
    }

    @Test
    void anOwnerThatLostTheLeaseClaimsNothing() {
        try (Storage storage = Storage.open(dir.resolve("relay.db"), clock)) {
            Lease lease = new Lease(storage.db, clock, Lease.DELIVERY);
            long genA = lease.acquire("A", TTL).orElseThrow();
            Accepting.accept(storage.inbox, event("e-1"), List.of(JobKind.INTERACTION_PAGE));
            clock.advance(TTL.plusSeconds(1));
            long genB = lease.acquire("B", TTL).orElseThrow();
            assertEquals(Optional.empty(), storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "A", genA));
            assertTrue(storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "B", genB).isPresent());
        }
    }

    @Test
    void recoveryTouchesOnlyJobsOfAnExpiredLease() {
        try (Storage storage = Storage.open(dir.resolve("relay.db"), clock)) {
            Lease lease = new Lease(storage.db, clock, Lease.DELIVERY);
            long gen = lease.acquire("A", TTL).orElseThrow();
            Accepting.accept(storage.inbox, event("e-1"), List.of(JobKind.INTERACTION_PAGE));
            Accepting.accept(storage.inbox, event("e-2"), List.of(JobKind.INTERACTION_PAGE));
            Job mine = storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "A", gen).orElseThrow();
            assertEquals(0, storage.jobs.recoverInFlight(gen, clock.millis()), "the current holder's job is left alone");
            assertEquals(JobState.IN_FLIGHT, storage.jobs.find(mine.id()).orElseThrow().state());

            // A released and came back: a renewal by the same holder keeps the generation, a release does not reset it
            lease.release("A");
            OptionalLong again = lease.acquire("B", TTL);
            assertEquals(gen + 1, again.orElseThrow(), "a released row keeps counting, so old claims never match");
            assertEquals(1, storage.jobs.recoverInFlight(again.getAsLong(), clock.millis()));
            Job recovered = storage.jobs.find(mine.id()).orElseThrow();
            assertEquals(JobState.PENDING, recovered.state());
            assertTrue(recovered.verifyFirst(), "a job cut off mid-call is checked before it is rewritten");
        }
    }

    @Test
    void parkedJobsLeaveTheClaimIndexAndAgeOutWithoutBeingClaimed() {
        try (Storage storage = Storage.open(dir.resolve("relay.db"), clock)) {
            Lease lease = new Lease(storage.db, clock, Lease.DELIVERY);
            long gen = lease.acquire("A", TTL).orElseThrow();
            Accepting.accept(storage.inbox, event("e-1"), List.of(JobKind.INTERACTION_PAGE));
            Job job = storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "A", gen).orElseThrow();
            String pause = Targets.demoPage(DEMO);
            storage.pauses.pause(pause, "missing", clock.millis(), clock.millis() + 1000);
            assertTrue(storage.jobs.park(job, pause, "page missing", false, clock.millis()));
            Accepting.accept(storage.inbox, event("e-2"), List.of(JobKind.CALLOUT));
            assertEquals(pause, storage.db.read(c -> storage.jobs.forEvent(c, "e-2")).get(0).parkedOn(), "a job for a paused target is born parked");

            assertEquals(Optional.empty(), storage.jobs.nextClaimableAt(), "parked jobs are never due");
            assertEquals(Optional.empty(), storage.jobs.claimDue(clock.millis(), Lease.DELIVERY, "A", gen));
            assertTrue(storage.jobs.anyParkedOn(pause));

            clock.advance(Duration.ofHours(1));
            assertEquals(2, storage.jobs.ageOutParked(clock.millis() - Duration.ofMinutes(30).toMillis(),
                    " (gave up after the maximum age)", clock.millis()));
            Job dead = storage.jobs.find(job.id()).orElseThrow();
            assertEquals(JobState.DEAD, dead.state());
            assertEquals("page missing (gave up after the maximum age)", dead.lastError());
            assertFalse(storage.jobs.anyParkedOn(pause), "nothing waits: the pause is not worth a probe");
        }
    }

    @Test
    void aPausedTokenParksTheJobsOfEveryTargetAndNewOnesAreBornParked() {
        try (Storage storage = Storage.open(dir.resolve("relay.db"), clock)) {
            Accepting.accept(storage.inbox, event("e-1"), List.of(JobKind.INTERACTION_PAGE, JobKind.CALLOUT));
            storage.pauses.pause(Targets.TOKEN, "401", clock.millis(), clock.millis() + 1000);
            assertEquals(2, storage.jobs.parkTarget(Targets.TOKEN));
            Accepting.accept(storage.inbox, event("e-2"), List.of(JobKind.DEMO_PROPERTIES));
            assertEquals(Targets.TOKEN, storage.db.read(c -> storage.jobs.forEvent(c, "e-2")).get(0).parkedOn());
            assertEquals(Optional.empty(), storage.jobs.nextClaimableAt());
            assertEquals(3, storage.jobs.unpark(Targets.TOKEN));
            assertTrue(storage.jobs.nextClaimableAt().isPresent());
        }
    }

    @Test
    void theClaimIsOneIndexedStatement() {
        try (Storage storage = Storage.open(dir.resolve("relay.db"), clock)) {
            List<String> plan = storage.db.read(c -> {
                List<String> rows = new ArrayList<>();
                // the claim's own conditions and order, as the "when is the next one due?" query shares them
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + JobStore.NEXT_DUE)) {
                    ps.setString(1, JobKind.INTERACTIONS_TARGET);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(rs.getString("detail"));
                        }
                    }
                }
                return rows;
            });
            assertTrue(plan.stream().anyMatch(r -> r.contains("jobs_claimable")), plan.toString());
            assertTrue(plan.stream().noneMatch(r -> r.contains("TEMP B-TREE")), "no sort: " + plan);
        }
    }
}
