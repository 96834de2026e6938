package com.notionrelay.lookup;

import com.notionrelay.cache.RelationGraph;
import com.notionrelay.cache.RelationQueries;

/**
 * Answers a {@link FormulaQuery} from the cache alone, never from Notion: the page and property
 * checks from SQLite, the join itself from the in-memory {@link RelationGraph}.
 */
public final class FormulaLookup {

    private final RelationGraph graph;
    private final PageLinks links;

    public FormulaLookup(RelationGraph graph, PageLinks links) {
        this.graph = graph;
        this.links = links;
    }

    public FormulaAnswer answer(FormulaQuery q) {
        RelationQueries.PageRow page = links.livePage("page", q.page());
        RelationQueries.Link link = links.link(page, "relation", q.relation(), null);
        links.requireRelatedProperty(page, link, "show", q.show());
        q.where().ifPresent(w -> links.requireRelatedProperty(page, link, "where", w.property()));
        q.sort().ifPresent(s -> links.requireRelatedProperty(page, link, "sort", s.property()));
        RelationGraph.Joined joined = graph.joined(link, q.show(), q.where(), q.sort(),
                q.limit().orElse(Integer.MAX_VALUE), q.join());
        return new FormulaAnswer(q, joined.text(), joined.count(), links.freshness(page));
    }
}
