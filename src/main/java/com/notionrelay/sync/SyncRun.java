package com.notionrelay.sync;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One sync run as recorded: what /health, {@code status} and lookup answers show. */
public record SyncRun(long id, Instant startedAt, Optional<Instant> finishedAt, String mode, String status,
                      int pagesSeen, int errors, Optional<String> error) {

    public Optional<Duration> duration() {
        return finishedAt.map(f -> Duration.between(startedAt, f));
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        o.addProperty("mode", mode);
        o.addProperty("started_at", startedAt.toString());
        finishedAt.ifPresent(f -> o.addProperty("finished_at", f.toString()));
        duration().ifPresent(d -> o.addProperty("duration_ms", d.toMillis()));
        o.addProperty("pages_seen", pagesSeen);
        o.addProperty("errors", errors);
        error.ifPresent(e -> o.addProperty("error", e));
        return o;
    }

    public String toText() {
        return status + " (" + mode + "), started " + startedAt
                + duration().map(d -> ", took " + d.toMillis() + " ms").orElse(", still running")
                + ", " + pagesSeen + " pages seen, " + errors + " errors" + error.map(e -> " — " + e).orElse("");
    }
}
