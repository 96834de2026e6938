package com.notionrelay.lookup;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * How fresh a lookup's answer is: when the last sync completed (empty: never) and when the
 * page itself was last written to the cache (by a sync, our own write, or a refresh).
 */
public record Freshness(Optional<Instant> lastSyncAt, String pageSyncedAt) {

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("last_sync_at", lastSyncAt.map(Instant::toString).orElse(null));
        o.addProperty("page_synced_at", pageSyncedAt);
        return o;
    }
}
