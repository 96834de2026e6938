package com.notionrelay.lookup;

import com.notionrelay.cache.RelationQueries;
import java.util.List;
import java.util.stream.Collectors;

/** Answers a {@link FormulaQuery} from the cache alone, never from Notion. */
public final class FormulaLookup {

    private final RelationQueries queries;
    private final PageLinks links;

    public FormulaLookup(RelationQueries queries, PageLinks links) {
        this.queries = queries;
        this.links = links;
    }

    public FormulaAnswer answer(FormulaQuery q) {
        RelationQueries.PageRow page = links.livePage("page", q.page());
        RelationQueries.Link link = links.link(page, "relation", q.relation(), null);
        links.requireRelatedProperty(page, link, "show", q.show());
        q.where().ifPresent(w -> links.requireRelatedProperty(page, link, "where", w.property()));
        q.sort().ifPresent(s -> links.requireRelatedProperty(page, link, "sort", s.property()));
        List<RelationQueries.Shown> shown = queries.shown(link, q.show(), q.where(), q.sort(),
                q.limit().orElse(Integer.MAX_VALUE));
        String value = shown.stream().map(RelationQueries.Shown::text).collect(Collectors.joining(q.join()));
        return new FormulaAnswer(q, value, shown.size(), links.freshness(page));
    }
}
