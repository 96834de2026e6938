package com.notionrelay.lookup;

import com.notionrelay.cache.RelationQueries;
import com.notionrelay.notion.NotionId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A demo's interactions from the cache, newest first (created time, then id), paginated with an
 * opaque keyset cursor so pages stay stable while new interactions arrive.
 */
public final class DemoInteractions {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    /** The names the README's Notion set-up uses; a caller with other names passes its own. */
    public static final String DEFAULT_RELATION = "Interactions";
    public static final String DEFAULT_REVERSE = "Demo";

    private final RelationQueries queries;
    private final PageLinks links;

    public DemoInteractions(RelationQueries queries, PageLinks links) {
        this.queries = queries;
        this.links = links;
    }

    /** @param reverse the interaction's property pointing back at the demo; empty: from the schema, else "Demo" */
    public InteractionsPage list(String demoId, String relation, Optional<String> reverse, int limit,
                                 Optional<String> cursor, ReadAccess access) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw LookupException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        Optional<String[]> after = cursor.map(DemoInteractions::decode);
        NotionId id = PageLinks.id("demo_id", demoId);
        Optional<RelationQueries.PageRow> cached = links.cachedLivePage("demo_id", id);
        if (cached.isEmpty()) {
            // The demo page has not synced (Demos not set or not shared): its interactions still name it.
            RelationQueries.Link link = new RelationQueries.Link(id.value(), relation, reverse.orElse(DEFAULT_REVERSE));
            List<RelationQueries.Listed> rows = queries.newestFirst(link, after, limit + 1);
            if (rows.isEmpty() && after.isEmpty()) {
                throw PageLinks.notCached("demo_id", id);
            }
            return page(id.value(), rows, limit, links.freshnessWithoutPage(), access);
        }
        RelationQueries.PageRow demo = cached.get();
        RelationQueries.Link link = links.link(demo, "relation", relation, DEFAULT_REVERSE);
        if (reverse.isPresent()) {
            link = new RelationQueries.Link(link.pageId(), link.forward(), reverse.get());
        }
        return page(demo.id(), queries.newestFirst(link, after, limit + 1), limit, links.freshness(demo), access);
    }

    /** One page of results from {@code limit + 1} rows: the extra row only says there is more. */
    private InteractionsPage page(String demoId, List<RelationQueries.Listed> fetched, int limit, Freshness freshness,
                                  ReadAccess access) {
        List<RelationQueries.Listed> rows = new ArrayList<>(fetched);
        Optional<String> next = Optional.empty();
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            RelationQueries.Listed last = rows.get(limit - 1);
            next = Optional.of(encode(last.createdTime(), last.id()));
        }
        List<String> ids = rows.stream().map(RelationQueries.Listed::id).toList();
        Map<String, Map<String, String>> values = queries.values(ids, access.publicOnly());
        // The title is the title property's text: private when that property is.
        boolean titleSeen = rows.isEmpty() || queries.titleProperty(rows.get(0).id()).map(access::sees)
                .orElseGet(() -> access.publicOnly().isEmpty());
        if (!titleSeen) {
            rows = rows.stream().map(r -> new RelationQueries.Listed(r.id(), null, r.createdTime(), r.lastEditedTime())).toList();
        }
        return new InteractionsPage(demoId, rows, values, next, freshness);
    }

    static String encode(String createdTime, String id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdTime + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw LookupException.invalid("cursor", "cursor '" + cursor + "' is not one this endpoint gave out (use next_cursor)");
    }
}
