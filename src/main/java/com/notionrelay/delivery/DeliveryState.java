package com.notionrelay.delivery;

import java.util.concurrent.atomic.AtomicReference;

/** Whether delivery runs, and if not, the reason an operator reads in /health and status. */
public final class DeliveryState {

    public record Snapshot(boolean running, String reason) {
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(false, "starting"));

    public void running() {
        current.set(new Snapshot(true, null));
    }

    public void paused(String reason) {
        current.set(new Snapshot(false, reason));
    }

    public Snapshot snapshot() {
        return current.get();
    }
}
