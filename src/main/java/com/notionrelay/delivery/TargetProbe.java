package com.notionrelay.delivery;

import com.notionrelay.notion.DataSourceResolver;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import com.notionrelay.notion.NotionId;
import com.notionrelay.store.Targets;
import java.util.Optional;

/**
 * The one cheap read that tells whether a paused target answers again: the Interactions data
 * source, or the page (a demo page, a page an event refers to) the pause names.
 */
public final class TargetProbe {

    private final NotionApi notion;
    private final DataSourceResolver resolver;
    private final NotionId interactionsDb;

    public TargetProbe(NotionApi notion, DataSourceResolver resolver, NotionId interactionsDb) {
        this.notion = notion;
        this.resolver = resolver;
        this.interactionsDb = interactionsDb;
    }

    /** Returns when the target answers; throws the client's classified error when it does not. */
    public void probe(String target) throws NotionException {
        Optional<NotionId> page = Targets.pageOf(target);
        if (page.isPresent()) {
            notion.retrievePage(page.get().value());
        } else {
            notion.retrieveDataSource(resolver.dataSourceId(interactionsDb));
        }
    }
}
