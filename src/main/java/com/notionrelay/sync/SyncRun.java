package com.notionrelay.sync;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One sync run as recorded: what /health, {@code status} and lookup answers show. {@code spend}
 * is empty for a run still going, or one recorded before runs counted their requests.
 */
public record SyncRun(long id, Instant startedAt, Optional<Instant> finishedAt, String mode, String status,
                      int pagesSeen, int errors, Optional<String> error, Optional<Spend> spend) {

    /**
     * What a run spent of the Notion rate budget it shares with delivery: every request (retries
     * included), the page-property reads among them, and the long relations it did not re-read
     * because they could not have changed.
     */
    public record Spend(int requests, int relationReads, int relationsUnchanged) {

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("notion_requests", requests);
            o.addProperty("relation_reads", relationReads);
            o.addProperty("relations_unchanged", relationsUnchanged);
            return o;
        }

        String toText() {
            return requests + " Notion requests (" + relationReads + " relation reads, " + relationsUnchanged
                    + " long relations unchanged and not re-read)";
        }
    }

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
        spend.ifPresent(s -> o.add("spend", s.toJson()));
        return o;
    }

    public String toText() {
        return status + " (" + mode + "), started " + startedAt
                + duration().map(d -> ", took " + d.toMillis() + " ms").orElse(", still running")
                + ", " + pagesSeen + " pages seen, " + errors + " errors"
                + spend.map(s -> ", " + s.toText()).orElse("") + error.map(e -> " — " + e).orElse("");
    }
}
