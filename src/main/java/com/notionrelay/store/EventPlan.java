package com.notionrelay.store;

import com.notionrelay.event.InteractionEvent;
import java.util.List;
import java.util.Optional;

/**
 * An event to accept with the jobs it gets: {@code jobs} always, and {@code firstVisit}'s job only
 * when it is that guest's first visit to the demo.
 */
public record EventPlan(InteractionEvent event, List<JobKind> jobs, Optional<FirstVisit> firstVisit) {

    public record FirstVisit(String guestKey, JobKind job) {
    }

    public EventPlan {
        jobs = List.copyOf(jobs);
    }
}
