package com.notionrelay.webhooks;

import java.util.Optional;

/**
 * What a delivery type asks of the relay. Deliveries are signals, not state: every kind but
 * {@link #TRASH_PAGE} fetches current state from Notion. The key groups deliveries that one
 * refresh satisfies, so 50 deliveries for one page cost one or two fetches.
 */
enum WebhookWork {
    /** Refetch the page (relations in full) and upsert it into the cache. */
    REFRESH_PAGE,
    /** The page leaves lookups at once; no Notion call. */
    TRASH_PAGE,
    /** Refetch the data source's schema. */
    REFRESH_SCHEMA,
    /** An incremental sync (it covers every synced source, so all such deliveries share one key). */
    SYNC,
    /** Stored and counted, nothing to do. */
    NONE;

    static WebhookWork of(String type) {
        return switch (type) {
            case "page.created", "page.properties_updated", "page.content_updated", "page.moved", "page.undeleted" ->
                    REFRESH_PAGE;
            case "page.deleted" -> TRASH_PAGE;
            case "data_source.schema_updated" -> REFRESH_SCHEMA;
            case "data_source.content_updated" -> SYNC;
            default -> NONE;
        };
    }

    /** The coalescing key for a delivery about {@code entityId}; empty when there is no work. */
    Optional<String> key(Optional<String> entityId) {
        return switch (this) {
            case REFRESH_PAGE, TRASH_PAGE -> entityId.map(id -> "page:" + id);
            case REFRESH_SCHEMA -> entityId.map(id -> "schema:" + id);
            case SYNC -> Optional.of("sync");
            case NONE -> Optional.empty();
        };
    }

    /** The entity id a key was made from. */
    static String entityOf(String key) {
        return key.substring(key.indexOf(':') + 1);
    }
}
