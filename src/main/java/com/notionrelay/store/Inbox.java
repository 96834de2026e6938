package com.notionrelay.store;

import com.notionrelay.event.InteractionEvent;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Accepting an event: the event and all its delivery jobs commit together, before the caller is
 * answered, so an acknowledged event is never lost and never half-queued. Writes go through the
 * intake writer ({@link GroupCommit}), which commits many requests' events in one transaction;
 * reads use the pool.
 */
public final class Inbox {

    public enum Outcome { QUEUED, DUPLICATE }

    /** What {@code GET /api/events/{id}} shows: the event's jobs folded into one status, and each job. */
    public record EventStatus(String status, String notionPageId, int attempts, String lastError, List<JobStatus> jobs) {
        public EventStatus {
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * One effect of an event: its kind, state, and — when a coalesced request carried it along with
     * another event's — that event's id (empty when its own request carried it).
     */
    public record JobStatus(JobKind kind, JobState state, Optional<String> carriedByEvent) {
    }

    private final Database db;
    private final GroupCommit writer;
    private final EventStore events;
    private final JobStore jobs;
    private final GuestVisitStore visits;
    private final Clock clock;

    public Inbox(Database db, GroupCommit writer, EventStore events, JobStore jobs, GuestVisitStore visits, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.events = events;
        this.jobs = jobs;
        this.visits = visits;
        this.clock = clock;
    }

    /**
     * Accepts every plan together: all are stored, or (on any failure) none. A repeated event id
     * is a duplicate even when the first copy is in the same batch or the same group commit. A
     * guest's first visit is decided here too, by the {@code guest_visits} primary key, so
     * concurrent requests and restarts cannot make two "first" visits. The outcomes complete once
     * the plans are committed, or fail with a {@link StoreBusyException} (not committed in time) or
     * a {@link StoreException}; none was stored then.
     *
     * @throws StoreBusyException at once when the writer's queue is full or the store is closing
     */
    public CompletableFuture<List<Outcome>> acceptAll(List<EventPlan> plans) {
        return writer.submit(writes(plans));
    }

    private GroupCommit.Writes<List<Outcome>> writes(List<EventPlan> plans) {
        Instant receivedAt = clock.instant();
        List<EventStore.Row> rows = plans.stream().map(p -> EventStore.Row.of(p.event(), receivedAt)).toList();
        return c -> {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                outcomes.add(accept(c, plans.get(i), rows.get(i)));
            }
            return outcomes;
        };
    }

    private Outcome accept(WriterConnection c, EventPlan plan, EventStore.Row row) throws SQLException {
        InteractionEvent event = plan.event();
        if (!events.insertIfAbsent(c, row)) {
            return Outcome.DUPLICATE;
        }
        long now = clock.millis();
        for (JobKind kind : plan.jobs()) {
            jobs.insert(c, event.eventId(), kind, kind.targetOf(event), now);
        }
        if (plan.firstVisit().isPresent()) {
            EventPlan.FirstVisit visit = plan.firstVisit().get();
            if (visits.recordIfFirst(c, event.demoId().value(), visit.guestKey(), event.eventId(), clock.instant())) {
                jobs.insert(c, event.eventId(), visit.job(), visit.job().targetOf(event), now);
            }
        }
        return Outcome.QUEUED;
    }

    public Optional<InteractionEvent> event(String eventId) {
        return db.read(c -> events.find(c, eventId));
    }

    /**
     * Dead if any job is dead, delivered once every job is done, queued otherwise. The page id is
     * the Interactions page's, the one a caller links to.
     */
    public Optional<EventStatus> status(String eventId) {
        return db.read(c -> {
            if (events.find(c, eventId).isEmpty()) {
                return Optional.empty();
            }
            List<Job> list = jobs.forEvent(c, eventId);
            boolean anyDead = list.stream().anyMatch(j -> j.state() == JobState.DEAD);
            boolean allDone = list.stream().allMatch(j -> j.state() == JobState.DONE);
            String status = anyDead ? "dead" : allDone ? "delivered" : "queued";
            String pageId = list.stream().filter(j -> j.kind() == JobKind.INTERACTION_PAGE)
                    .map(Job::notionPageId).filter(p -> p != null).findFirst().orElse(null);
            int attempts = list.stream().mapToInt(Job::attempts).sum();
            String lastError = list.stream().map(Job::lastError).filter(e -> e != null).reduce((a, b) -> b).orElse(null);
            List<JobStatus> each = new ArrayList<>();
            for (Job j : list) {
                // The lead of a coalesced request records itself: its own request carried it.
                Optional<String> carrier = j.carriedBy() == 0 || j.carriedBy() == j.id()
                        ? Optional.empty() : jobs.eventOf(c, j.carriedBy());
                each.add(new JobStatus(j.kind(), j.state(), carrier));
            }
            return Optional.of(new EventStatus(status, pageId, attempts, lastError, each));
        });
    }
}
