package com.notionrelay.delivery;

import com.notionrelay.store.Lease;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the delivery lease on its own thread, renewing it every few seconds, so a slow Notion
 * call never delays a renewal. Knows the generation this process holds (0: none), which workers
 * claim with and every job update is fenced by.
 */
final class LeaseKeeper implements AutoCloseable {

    /** What the dispatcher does when the lease changes hands. */
    interface Listener {
        /** This process now delivers, under {@code generation}. */
        void acquired(long generation);

        /** Another process delivers; {@code lost} when this one held the lease until now. */
        void standingBy(boolean lost);
    }

    static final Duration TTL = Duration.ofSeconds(15);
    static final Duration RENEWAL = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Lease lease;
    private final String holder;
    private final Listener listener;
    private final AtomicLong generation = new AtomicLong();
    private ScheduledExecutorService timer;

    LeaseKeeper(Lease lease, String holder, Listener listener) {
        this.lease = lease;
        this.holder = holder;
        this.listener = listener;
    }

    synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery-lease");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::renew, 0, RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The generation held now, 0 when standing by. */
    long generation() {
        return generation.get();
    }

    String holder() {
        return holder;
    }

    String leaseName() {
        return lease.name();
    }

    private void renew() {
        try {
            OptionalLong held = lease.acquire(holder, TTL);
            if (held.isPresent()) {
                long previous = generation.getAndSet(held.getAsLong());
                if (previous != held.getAsLong()) {
                    listener.acquired(held.getAsLong());
                }
            } else {
                long previous = generation.getAndSet(0);
                listener.standingBy(previous != 0);
            }
        } catch (RuntimeException e) {
            // a busy store: the TTL covers a few missed renewals; past it the claim query fences us off
            log.error("could not renew the delivery lease; trying again", e);
        }
    }

    /** Stops renewing and, when held, lets a process standing by take over at once. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (generation.getAndSet(0) != 0) {
            lease.release(holder);
        }
    }
}
