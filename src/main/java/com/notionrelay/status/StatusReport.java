package com.notionrelay.status;

import com.google.gson.JsonObject;
import com.notionrelay.store.JobState;
import com.notionrelay.sync.SyncRun;
import java.util.Map;
import java.util.Optional;

/** What /health and the {@code status} command show: the database, delivery, the queue, the last sync. */
public record StatusReport(boolean databaseReachable, int schemaVersion, boolean deliveryRunning,
                           String deliveryReason, Map<JobState, Long> jobs, Optional<SyncRun> lastSync) {

    public StatusReport {
        jobs = Map.copyOf(jobs);
    }

    public long queueDepth() {
        return jobs.getOrDefault(JobState.PENDING, 0L) + jobs.getOrDefault(JobState.IN_FLIGHT, 0L);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("status", databaseReachable ? "ok" : "unavailable");
        JsonObject db = new JsonObject();
        db.addProperty("reachable", databaseReachable);
        db.addProperty("schema_version", schemaVersion);
        o.add("database", db);
        JsonObject delivery = new JsonObject();
        delivery.addProperty("state", deliveryRunning ? "running" : "paused");
        if (deliveryReason != null) {
            delivery.addProperty("reason", deliveryReason);
        }
        o.add("delivery", delivery);
        JsonObject queue = new JsonObject();
        queue.addProperty("depth", queueDepth());
        queue.addProperty("pending", jobs.getOrDefault(JobState.PENDING, 0L));
        queue.addProperty("in_flight", jobs.getOrDefault(JobState.IN_FLIGHT, 0L));
        queue.addProperty("delivered", jobs.getOrDefault(JobState.DONE, 0L));
        queue.addProperty("dead", jobs.getOrDefault(JobState.DEAD, 0L));
        o.add("queue", queue);
        o.add("last_sync", lastSync.map(SyncRun::toJson).orElse(null));
        return o;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("database:  ").append(databaseReachable ? "reachable" : "UNREACHABLE")
                .append(" (schema version ").append(schemaVersion).append(")\n");
        sb.append("delivery:  ").append(deliveryRunning ? "running" : "paused")
                .append(deliveryReason == null ? "" : " — " + deliveryReason).append('\n');
        sb.append("queue:     ").append(queueDepth()).append(" waiting (")
                .append(jobs.getOrDefault(JobState.PENDING, 0L)).append(" pending, ")
                .append(jobs.getOrDefault(JobState.IN_FLIGHT, 0L)).append(" in flight), ")
                .append(jobs.getOrDefault(JobState.DONE, 0L)).append(" delivered, ")
                .append(jobs.getOrDefault(JobState.DEAD, 0L)).append(" dead\n");
        sb.append("last sync: ").append(lastSync.map(SyncRun::toText).orElse("never")).append('\n');
        return sb.toString();
    }
}
