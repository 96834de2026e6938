package com.notionrelay.sync;

import java.util.Optional;

/** What asking for a sync led to: a run that completed or failed, or no run because one was under way. */
public record SyncOutcome(Result result, Optional<SyncRun> run, String message) {

    public enum Result { COMPLETED, FAILED, SKIPPED }

    public boolean ok() {
        return result == Result.COMPLETED;
    }
}
