package com.notionrelay.notion;

import java.time.Duration;

/** The one budget every Notion call of the process spends from. */
public interface RateBudget {

    /** Blocks until a request may be sent; false if interrupted. */
    boolean acquire();

    /** Notion answered 429: send nothing until {@code wait} has passed. */
    void pauseFor(Duration wait);
}
