package com.notionrelay.notion;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * Turns a configured id into the data source id the API takes from 2025-09-03 on. A database id
 * resolves through {@code GET /v1/databases/{id}} to its first data source; an id that is already
 * a data source is taken as given. The answer is remembered in the store, so it costs one call
 * per target for the life of the file.
 */
public final class DataSourceResolver {

    private final NotionApi notion;
    private final DataSourceIds targets;

    public DataSourceResolver(NotionApi notion, DataSourceIds targets) {
        this.notion = notion;
        this.targets = targets;
    }

    public String dataSourceId(NotionId configured) throws NotionException {
        Optional<String> known = targets.dataSourceFor(configured.value());
        if (known.isPresent()) {
            return known.get();
        }
        String resolved;
        try {
            JsonObject database = notion.retrieveDatabase(configured.value());
            JsonArray sources = database.has("data_sources") ? database.getAsJsonArray("data_sources") : new JsonArray();
            if (sources.isEmpty()) {
                throw new NotionException(new NotionError(ErrorKind.PERMANENT, 200, "no_data_source",
                        "database " + configured + " has no data source", Optional.empty(), Blame.ADDRESSED_OBJECT,
                        Optional.of(configured)));
            }
            resolved = sources.get(0).getAsJsonObject().get("id").getAsString();
        } catch (NotionException notADatabase) {
            if (!notADatabase.error().objectNotFound()) {
                throw notADatabase;
            }
            // Not a database id (or not shared): it may be a data source id, which we accept as given.
            JsonObject source = notion.retrieveDataSource(configured.value());
            resolved = source.get("id").getAsString();
        }
        targets.remember(configured.value(), resolved);
        return resolved;
    }
}
