package com.notionrelay.delivery;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A doorbell for idle threads: {@link #ring} wakes each of the sleepers once, whether they wait
 * now or next; rings while nobody waits collapse into one.
 */
final class Wakeup {

    private final Semaphore bell = new Semaphore(0);
    private final int sleepers;

    /** @param sleepers how many threads wait on it; a ring wakes them all */
    Wakeup(int sleepers) {
        this.sleepers = sleepers;
    }

    /** At most one permit per sleeper is ever outstanding, so many rings cost each sleeper one wake-up. */
    synchronized void ring() {
        int missing = sleepers - bell.availablePermits();
        if (missing > 0) {
            bell.release(missing);
        }
    }

    /** Sleeps up to {@code millis} or until rung. */
    void await(long millis) throws InterruptedException {
        if (millis > 0) {
            bell.tryAcquire(millis, TimeUnit.MILLISECONDS);
        }
    }
}
