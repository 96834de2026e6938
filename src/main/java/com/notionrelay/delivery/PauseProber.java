package com.notionrelay.delivery;

import com.notionrelay.notion.NotionException;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.PauseStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cost of broken things bounded. While this process delivers it
 * <ul>
 *   <li>dead-letters parked jobs past the maximum age, whether or not they were tried again;</li>
 *   <li>drops a pause nothing waits on any more, without a Notion call;</li>
 *   <li>probes the paused target most overdue, one probe per {@link DeliveryPolicy#probeSpacing()}
 *       whatever the number of paused targets (a tenth of the rate budget at most): a success
 *       lifts the pause and unparks its jobs.</li>
 * </ul>
 * Between rounds it sleeps until the next probe or age-out is due, or until rung.
 */
final class PauseProber implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PauseProber.class);

    private final PauseStore pauses;
    private final JobStore jobs;
    private final TargetProbe probe;
    private final DeliveryPolicy policy;
    private final LeaseKeeper lease;
    private final Wakeup wakeup;
    private final Runnable unparked;
    private final AtomicBoolean running;
    private final Clock clock;
    /** When the last probe went out: a ring never brings the next one closer than the spacing. */
    private long lastProbeAt = Long.MIN_VALUE / 2;

    /** @param unparked told when jobs can be claimed again (rings the workers) */
    PauseProber(PauseStore pauses, JobStore jobs, TargetProbe probe, DeliveryPolicy policy, LeaseKeeper lease,
                Wakeup wakeup, Runnable unparked, AtomicBoolean running, Clock clock) {
        this.pauses = pauses;
        this.jobs = jobs;
        this.probe = probe;
        this.policy = policy;
        this.lease = lease;
        this.wakeup = wakeup;
        this.unparked = unparked;
        this.running = running;
        this.clock = clock;
    }

    @Override
    public void run() {
        while (running.get()) {
            long sleep = WorkerLoop.MAX_IDLE_MILLIS;
            try {
                if (lease.generation() != 0) {
                    round();
                    sleep = untilNextRound();
                }
            } catch (RuntimeException e) {
                log.error("probing paused targets failed; continuing", e);
            }
            try {
                wakeup.await(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One round: age-outs, pauses nobody waits on, and at most one probe. */
    void round() {
        long now = clock.millis();
        int dead = jobs.ageOutParked(now - policy.maxAge().toMillis(), FailurePolicy.MAX_AGE, now);
        if (dead > 0) {
            log.warn("{} parked job(s) reached the maximum age waiting for a target and are dead letters", dead);
        }
        for (PauseStore.Pause pause : pauses.dueForProbe(now)) {
            if (!jobs.anyParkedOn(pause.target())) {
                pauses.resume(pause.target()); // nothing waits: not worth a request
                log.info("nothing waits on the {} any more; its pause is dropped", pause.target());
                continue;
            }
            if (now - lastProbeAt >= policy.probeSpacing().toMillis()) {
                lastProbeAt = now;
                probe(pause, now);
            }
            return; // one probe a round
        }
    }

    private void probe(PauseStore.Pause pause, long now) {
        try {
            probe.probe(pause.target());
            pauses.resume(pause.target());
            int ready = jobs.unpark(pause.target());
            log.info("the {} answers again; {} job(s) resume", pause.target(), ready);
            unparked.run();
        } catch (NotionException e) {
            // the longer a target has been broken, the less often it is asked: half its outage, within bounds
            long wait = Math.min(policy.maxProbeInterval().toMillis(),
                    Math.max(policy.operatorRecheck().toMillis(), (now - pause.sinceMillis()) / 2));
            if (e.error().retryAfter().isPresent()) {
                wait = Math.max(wait, e.error().retryAfter().get().toMillis());
            }
            pauses.probeAgainAt(pause.target(), now + wait);
            log.debug("the {} is still not usable: {}", pause.target(), e.error().describe());
        }
    }

    /** Until the next probe or age-out, but never sooner than the probe spacing allows. */
    private long untilNextRound() {
        long now = clock.millis();
        long next = now + WorkerLoop.MAX_IDLE_MILLIS;
        Optional<Long> probeAt = pauses.nextProbeAt();
        if (probeAt.isPresent()) {
            next = Math.min(next, probeAt.get());
        }
        Optional<Long> oldest = jobs.oldestParkedCreatedAt();
        if (oldest.isPresent()) {
            next = Math.min(next, oldest.get() + policy.maxAge().toMillis() + 1);
        }
        return Math.max(next - now, policy.probeSpacing().toMillis());
    }
}
