package com.notionrelay.web.admin;

import com.notionrelay.store.Inbox;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.PauseStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/** What an operator may do to the queue: the replay the command line offers, and a probe on demand. */
public final class QueueActions {

    private final JobStore jobs;
    private final PauseStore pauses;
    private final Inbox inbox;
    private final Runnable wakeDelivery;
    private final Consumer<String> probeNow;
    private final Clock clock;

    /**
     * @param probeNow makes a paused target's probe due now and wakes the prober (the dispatcher's,
     *                 when this process delivers)
     */
    public QueueActions(JobStore jobs, PauseStore pauses, Inbox inbox, Runnable wakeDelivery, Consumer<String> probeNow,
                        Clock clock) {
        this.jobs = jobs;
        this.pauses = pauses;
        this.inbox = inbox;
        this.wakeDelivery = wakeDelivery;
        this.probeNow = probeNow;
        this.clock = clock;
    }

    /**
     * Dead letters back to the queue, as {@code replay} does: one event's, or all when empty.
     *
     * @return how many jobs were queued again, or empty when there is no such event
     */
    public Optional<Integer> replay(Optional<String> eventId) {
        if (eventId.isPresent() && inbox.event(eventId.get()).isEmpty()) {
            return Optional.empty();
        }
        int n = jobs.replayDead(eventId.orElse(null), clock.millis());
        if (n > 0) {
            wakeDelivery.run();
        }
        return Optional.of(n);
    }

    /**
     * Makes a paused target's probe due now; the delivering process runs it within a second, and
     * a success resumes the target.
     *
     * @return false when the target is not paused
     */
    public boolean probeNow(String target) {
        if (pauses.all().stream().noneMatch(p -> p.target().equals(target))) {
            return false;
        }
        probeNow.accept(target);
        return true;
    }
}
