package com.notionrelay.lookup;

import com.google.gson.JsonElement;
import com.notionrelay.cache.DataSourceSchema;
import com.notionrelay.cache.RelationGraph;
import com.notionrelay.cache.RelationQueries;
import com.notionrelay.cache.SchemaStore;
import com.notionrelay.notion.NotionId;
import com.notionrelay.sync.SyncRun;
import com.notionrelay.sync.SyncRunStore;
import java.util.Optional;

/**
 * What both lookups share: finding the page in the cache, checking its relation property, the
 * other side of a two-way relation (from the cached schema), and how fresh the answer is.
 */
public final class PageLinks {

    private final RelationQueries queries;
    private final RelationGraph graph;
    private final SchemaStore schemas;
    private final SyncRunStore runs;

    public PageLinks(RelationQueries queries, RelationGraph graph, SchemaStore schemas, SyncRunStore runs) {
        this.queries = queries;
        this.graph = graph;
        this.schemas = schemas;
        this.runs = runs;
    }

    /** A cached page that is not in the trash, or a 404 naming the id. */
    RelationQueries.PageRow livePage(String field, String rawId) {
        NotionId id = id(field, rawId);
        return cachedLivePage(field, id).orElseThrow(() -> notCached(field, id));
    }

    /** The cached page, empty when the cache does not hold it, a 404 when it is in the trash. */
    Optional<RelationQueries.PageRow> cachedLivePage(String field, NotionId id) {
        Optional<RelationQueries.PageRow> page = queries.page(id.value());
        if (page.isPresent() && page.get().inTrash()) {
            throw LookupException.notFound(field, "page " + id + " is in the trash");
        }
        return page;
    }

    static LookupException notCached(String field, NotionId id) {
        return LookupException.notFound(field, "no page " + id + " in the cache (not synced yet, or not shared with the integration)");
    }

    /** The page's relation property, checked; the other side from the schema, else {@code fallbackReverse}. */
    RelationQueries.Link link(RelationQueries.PageRow page, String field, String relation, String fallbackReverse) {
        JsonElement prop = page.properties().get(relation);
        if (prop == null) {
            throw LookupException.notFound(field, "page " + page.id() + " has no property '" + relation + "'");
        }
        String type = prop.getAsJsonObject().get("type").getAsString();
        if (!type.equals("relation")) {
            throw LookupException.invalid(field, "property '" + relation + "' of page " + page.id() + " is a " + type
                    + ", not a relation");
        }
        String reverse = schema(page.dataSourceId()).flatMap(s -> s.syncedProperty(relation)).orElse(fallbackReverse);
        return new RelationQueries.Link(page.id(), relation, reverse);
    }

    /** 404 unless the related pages have {@code property} (by their schema, or by a cached value). */
    void requireRelatedProperty(RelationQueries.PageRow page, RelationQueries.Link link, String field, String property) {
        Optional<DataSourceSchema> target = schema(page.dataSourceId())
                .flatMap(s -> s.relationTarget(link.forward())).flatMap(schemas::find);
        boolean known = target.map(s -> s.has(property)).orElseGet(() -> queries.relatedHave(link, property)
                // No schema and no related page to ask: nothing says the property is unknown.
                || graph.shown(link, property, Optional.empty(), Optional.empty(), 1).isEmpty());
        if (!known) {
            throw LookupException.notFound(field, "the pages related through '" + link.forward()
                    + "' have no property '" + property + "'");
        }
    }

    Freshness freshness(RelationQueries.PageRow page) {
        return new Freshness(runs.lastSuccessful().flatMap(SyncRun::finishedAt), page.syncedAt());
    }

    /** Freshness for a page the cache does not hold itself (known only from the other side). */
    Freshness freshnessWithoutPage() {
        return new Freshness(runs.lastSuccessful().flatMap(SyncRun::finishedAt), null);
    }

    /** The page id as given, checked and dashed, or a 422 naming the field. */
    static NotionId id(String field, String rawId) {
        return NotionId.parse(rawId).orElseThrow(() -> LookupException.invalid(field,
                field + " must be a Notion page id (32 hexadecimal digits, dashed or not), got '" + rawId + "'"));
    }

    private Optional<DataSourceSchema> schema(String dataSourceId) {
        return dataSourceId == null ? Optional.empty() : schemas.find(dataSourceId);
    }
}
