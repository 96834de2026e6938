package com.notionrelay.ingest;

import java.util.concurrent.atomic.AtomicBoolean;

/** Open while the relay accepts events; closed on shutdown so intake answers 503 instead of half-storing. */
public final class IntakeGate {

    private final AtomicBoolean open = new AtomicBoolean(true);

    /** False once shutdown began: what /health/ready reports. */
    public boolean isOpen() {
        return open.get();
    }

    public void close() {
        open.set(false);
    }

    /** Throws the 503 a caller should retry elsewhere or later. */
    public void check() {
        if (!open.get()) {
            throw new InvalidEventException(503, "shutting_down",
                    null, "the relay is shutting down; retry in a moment");
        }
    }
}
