package com.notionrelay.status;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobState;
import com.notionrelay.store.PauseStore;
import java.time.Instant;
import java.util.List;
import com.notionrelay.sync.SyncRun;
import com.notionrelay.webhooks.WebhookReport;
import com.notionrelay.sync.SyncShare;
import java.util.Map;
import java.util.Optional;

/**
 * What /health and the {@code status} command show: the database, delivery (with any target
 * paused for an operator), the queue, the most recent dead letters, the last sync, and Notion webhooks.
 */
public record StatusReport(boolean databaseReachable, int schemaVersion, boolean deliveryRunning,
                           String deliveryReason, Map<JobState, Long> jobs, List<PauseStore.Pause> pausedTargets,
                           List<Job> deadLetters, Optional<SyncRun> lastSync, Optional<WebhookReport> webhooks,
                           Optional<SyncShare.Figures> syncShare) {

    public StatusReport {
        jobs = Map.copyOf(jobs);
        pausedTargets = List.copyOf(pausedTargets);
        deadLetters = List.copyOf(deadLetters);
    }

    public long queueDepth() {
        return count(JobState.PENDING) + count(JobState.IN_FLIGHT);
    }

    private long count(JobState s) {
        return jobs.getOrDefault(s, 0L);
    }

    /** running, paused (no delivery at all), or degraded (some targets wait for an operator). */
    public String deliveryStateName() {
        if (!deliveryRunning) {
            return "paused";
        }
        return pausedTargets.isEmpty() ? "running" : "degraded";
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("status", databaseReachable ? "ok" : "unavailable");
        JsonObject db = new JsonObject();
        db.addProperty("reachable", databaseReachable);
        db.addProperty("schema_version", schemaVersion);
        o.add("database", db);
        JsonObject delivery = new JsonObject();
        delivery.addProperty("state", deliveryStateName());
        if (deliveryReason != null) {
            delivery.addProperty("reason", deliveryReason);
        }
        JsonArray paused = new JsonArray();
        for (PauseStore.Pause p : pausedTargets) {
            JsonObject po = new JsonObject();
            po.addProperty("target", p.target());
            po.addProperty("reason", p.reason());
            po.addProperty("since", Instant.ofEpochMilli(p.sinceMillis()).toString());
            paused.add(po);
        }
        delivery.add("paused_targets", paused);
        o.add("delivery", delivery);
        JsonObject queue = new JsonObject();
        queue.addProperty("depth", queueDepth());
        queue.addProperty("pending", count(JobState.PENDING));
        queue.addProperty("in_flight", count(JobState.IN_FLIGHT));
        queue.addProperty("delivered", count(JobState.DONE));
        queue.addProperty("dead", count(JobState.DEAD));
        o.add("queue", queue);
        JsonArray dead = new JsonArray();
        for (Job j : deadLetters) {
            JsonObject d = new JsonObject();
            d.addProperty("event_id", j.eventId());
            d.addProperty("kind", j.kind().dbName());
            d.addProperty("attempts", j.attempts());
            d.addProperty("last_error", j.lastError());
            dead.add(d);
        }
        o.add("dead_letters", dead);
        o.add("last_sync", lastSync.map(SyncRun::toJson).orElse(null));
        webhooks.ifPresent(w -> o.add("webhooks", w.toJson()));
        syncShare.ifPresent(f -> o.add("sync_budget_share", f.toJson()));
        return o;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("database:  ").append(databaseReachable ? "reachable" : "UNREACHABLE")
                .append(" (schema version ").append(schemaVersion).append(")\n");
        sb.append("delivery:  ").append(deliveryStateName())
                .append(deliveryReason == null ? "" : " — " + deliveryReason).append('\n');
        for (PauseStore.Pause p : pausedTargets) {
            sb.append("  paused:  ").append(p.target()).append(" since ").append(Instant.ofEpochMilli(p.sinceMillis()))
                    .append(" — ").append(p.reason()).append('\n');
        }
        sb.append("queue:     ").append(queueDepth()).append(" waiting (")
                .append(count(JobState.PENDING)).append(" pending, ")
                .append(count(JobState.IN_FLIGHT)).append(" in flight), ")
                .append(count(JobState.DONE)).append(" delivered, ")
                .append(count(JobState.DEAD)).append(" dead\n");
        if (!deadLetters.isEmpty()) {
            sb.append("dead letters (newest first; `replay` or `replay --event ID` to retry):\n");
            for (Job j : deadLetters) {
                sb.append("  ").append(j.eventId()).append(" [").append(j.kind().dbName()).append(", ")
                        .append(j.attempts()).append(" attempt(s)] ").append(j.lastError()).append('\n');
            }
        }
                sb.append("last sync: ").append(lastSync.map(SyncRun::toText).orElse("never")).append('\n');
        webhooks.ifPresent(w -> sb.append(w.toText()));
        syncShare.ifPresent(f -> sb.append("sync share: ").append(f.toText()).append('\n'));
        return sb.toString();
    }
}
