package com.notionrelay.notion;

import java.time.Duration;
import java.util.Optional;

/** The one budget every Notion call of the process spends from. */
public interface RateBudget {

    /**
     * Blocks until a request may be sent, but never longer than a short wait: when Notion asked
     * every caller to wait longer (a long {@code Retry-After}), returns that remaining wait without
     * a permit, so the caller writes it down instead of holding a thread. Empty: send now. An
     * interrupt returns at once with the thread's interrupt flag set.
     */
    Optional<Duration> acquire();

    /** Notion answered 429: send nothing until {@code wait} has passed. */
    void pauseFor(Duration wait);
}
