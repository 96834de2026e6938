package com.notionrelay.notion;

import java.util.Optional;

/**
 * Where resolved data source ids are remembered, so a database id costs one Notion call ever. The
 * store implements it; the client package does not depend on the store.
 */
public interface DataSourceIds {

    /** The data source id remembered for a configured database (or data source) id. */
    Optional<String> dataSourceFor(String configuredId);

    void remember(String configuredId, String dataSourceId);
}
