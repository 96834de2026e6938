package com.notionrelay.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.DataSourceSchema;
import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.SchemaStore;
import com.notionrelay.notion.NotionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads long relations through the page-property endpoint only when they can have changed
 * ({@link RelationCheck#reasonToRead}): a property injection edits a demo page, which puts it in
 * the next incremental listing, but leaves its 10,000-item relation alone — re-reading it would
 * spend 100 requests of the shared budget for nothing. Runs after every source of the run is
 * listed, so the other side of a two-way relation is current when it is counted.
 */
final class RelationRefresh {

    private static final Logger log = LoggerFactory.getLogger(RelationRefresh.class);

    private final RelationReader reader;
    private final PageCacheStore pages;
    private final SchemaStore schemas;
    private final RelationMarks marks;
    private final Set<String> listedSources;
    private final Runnable heartbeat;
    /** Webhook marks not yet answered in this run, by page and property id. */
    private final Map<String, RelationMarks.Mark> pending = new LinkedHashMap<>();
    private int unchanged;

    /** @param listedSources data sources whose listing completed in this run: their pages are current */
    RelationRefresh(RelationReader reader, PageCacheStore pages, SchemaStore schemas, RelationMarks marks,
                    Set<String> listedSources, Runnable heartbeat) {
        this.reader = reader;
        this.pages = pages;
        this.schemas = schemas;
        this.marks = marks;
        this.listedSources = Set.copyOf(listedSources);
        this.heartbeat = heartbeat;
        marks.all().forEach(m -> pending.put(key(m.pageId(), m.propertyId()), m));
    }

    /** Brings the cut-short relations of one source's listed pages up to date. */
    void bring(String dataSourceId, List<RelationCheck> checks) throws NotionException {
        Optional<DataSourceSchema> schema = schemas.find(dataSourceId);
        for (RelationCheck check : checks) {
            Optional<String> reverse = schema.flatMap(s -> s.syncedProperty(check.property()));
            boolean otherSideKnown = reverse.isPresent()
                    && schema.flatMap(s -> s.relationTarget(check.property())).map(listedSources::contains).orElse(false);
            PageCacheStore.RelationState cached = pages.relationState(check.pageId(), check.property(),
                    reverse.orElse(null), check.head().size());
            RelationMarks.Mark mark = pending.remove(key(check.pageId(), check.propertyId()));
            Optional<String> why = check.reasonToRead(cached, otherSideKnown, mark != null);
            if (why.isEmpty()) {
                unchanged++;
                continue;
            }
            log.debug("reading relation {} of {}: {}", check.property(), check.pageId(), why.get());
            read(check.pageId(), check.property(), check.propertyId(), Optional.ofNullable(mark));
        }
    }

    /** Marked properties of pages no listing showed in this run: read by the name the cached page gives them. */
    void bringMarkedElsewhere() throws NotionException {
        for (RelationMarks.Mark mark : List.copyOf(pending.values())) {
            Optional<String> name = pages.find(mark.pageId()).flatMap(p -> relationNamed(p, mark.propertyId()));
            if (name.isEmpty()) {
                // Not cached, or not a relation: nothing to bring; the page's own sync will carry it.
                marks.answered(mark);
            } else {
                read(mark.pageId(), name.get(), mark.propertyId(), Optional.of(mark));
            }
            pending.remove(key(mark.pageId(), mark.propertyId()));
        }
    }

    /** Long relations left alone because they could not have changed. */
    int unchanged() {
        return unchanged;
    }

    private void read(String pageId, String property, String propertyId, Optional<RelationMarks.Mark> mark)
            throws NotionException {
        pages.replaceRelation(pageId, property, reader.readAll(pageId, propertyId));
        mark.ifPresent(marks::answered);
        heartbeat.run();
    }

    private static Optional<String> relationNamed(CachedPage page, String propertyId) {
        for (Map.Entry<String, JsonElement> p : page.properties().entrySet()) {
            JsonObject value = p.getValue().getAsJsonObject();
            if (value.has("id") && RelationMarks.decoded(value.get("id").getAsString()).equals(propertyId)
                    && value.has("type") && value.get("type").getAsString().equals("relation")) {
                return Optional.of(p.getKey());
            }
        }
        return Optional.empty();
    }

    private static String key(String pageId, String propertyId) {
        return pageId + "\n" + propertyId;
    }
}
