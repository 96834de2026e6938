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

    /** Longest {@code join} separator accepted: a formula's separator is a few characters. */
    public static final int MAX_JOIN = 20;
    /** Largest answer text (UTF-8 bytes); a longer one is refused so one request cannot build megabytes. */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;

    public FormulaAnswer answer(FormulaQuery q, ReadAccess access) {
        if (q.join().length() > MAX_JOIN) {
            throw LookupException.invalid("join", "join may be at most " + MAX_JOIN + " characters, got " + q.join().length());
        }
        access.require("show", q.show());
        q.where().ifPresent(w -> access.require("where", w.property()));
        q.sort().ifPresent(s -> access.require("sort", s.property()));
        RelationQueries.PageRow page = links.livePage("page", q.page());
        RelationQueries.Link link = links.link(page, "relation", q.relation(), null);
        links.requireRelatedProperty(page, link, "show", q.show());
        q.where().ifPresent(w -> links.requireRelatedProperty(page, link, "where", w.property()));
        q.sort().ifPresent(s -> links.requireRelatedProperty(page, link, "sort", s.property()));
        RelationGraph.Joined joined = graph.joined(link, q.show(), q.where(), q.sort(),
                q.limit().orElse(Integer.MAX_VALUE), q.join());
        long bytes = utf8Length(joined.text());
        if (bytes > MAX_ANSWER_BYTES) {
            throw new LookupException(LookupException.Kind.TOO_LARGE, "limit", "the answer would be " + bytes
                    + " bytes, over the " + MAX_ANSWER_BYTES + "-byte limit: set limit (or where) to join fewer pages");
        }
        return new FormulaAnswer(q, joined.text(), joined.count(), links.freshness(page));
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
        return n;
    }
}
