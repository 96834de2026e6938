package com.notionrelay.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.DataSourceSchema;
import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.PageObjects;
import com.notionrelay.cache.SchemaStore;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over one data source: its schema, then every page (full) or every page edited since a
 * time (incremental), 100 a request. Relations a page object shows in full are stored with the
 * page; those it cuts short come back as {@link RelationCheck}s for {@link RelationRefresh} to
 * read only if they can have changed, once every source is listed. A full pass then looks up
 * each cached page the listing no longer shows: Notion leaves trashed pages out of queries, so
 * this is how the cache learns a page went to the trash.
 */
final class SourcePass {

    /** What a completed pass saw. */
    record Result(int pagesSeen, int trashed, List<RelationCheck> checks) {
    }

    private static final int PAGE_SIZE = 100;

    private final NotionApi notion;
    private final NotionCalls calls;
    private final RelationReader relations;
    private final PageCacheStore pages;
    private final SchemaStore schemas;
    private final Runnable heartbeat;

    SourcePass(NotionApi notion, NotionCalls calls, RelationReader relations, PageCacheStore pages,
               SchemaStore schemas, Runnable heartbeat) {
        this.notion = notion;
        this.calls = calls;
        this.relations = relations;
        this.pages = pages;
        this.schemas = schemas;
        this.heartbeat = heartbeat;
    }

    /** @param editedSince empty for a full pass */
    Result run(String dataSourceId, Optional<Instant> editedSince) throws NotionException {
        schemas.upsert(DataSourceSchema.fromApi(calls.call(() -> notion.retrieveDataSource(dataSourceId))));
        Set<String> seen = new HashSet<>();
        List<RelationCheck> checks = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject body = query(editedSince, cursor);
            JsonObject answer = calls.call(() -> notion.queryDataSource(dataSourceId, body));
            List<CachedPage> batch = new ArrayList<>();
            for (JsonElement result : answer.getAsJsonArray("results")) {
                JsonObject page = result.getAsJsonObject();
                if (page.has("object") && !page.get("object").getAsString().equals("page")) {
                    continue; // a wiki data source can list data sources too; they are not pages
                }
                batch.add(PageObjects.fromApi(page));
                checks.addAll(checksOf(page));
                seen.add(page.get("id").getAsString());
            }
            pages.upsertAll(batch);
            heartbeat.run();
            cursor = RelationReader.hasMore(answer) ? answer.get("next_cursor").getAsString() : null;
        } while (cursor != null);
        int trashed = editedSince.isEmpty() ? findTrashed(dataSourceId, seen) : 0;
        return new Result(seen.size() + trashed, trashed, checks);
    }

    /** The relations this page object cut short, with the items it did show. */
    private static List<RelationCheck> checksOf(JsonObject page) {
        String id = page.get("id").getAsString();
        JsonObject props = page.getAsJsonObject("properties");
        List<RelationCheck> out = new ArrayList<>();
        PageObjects.truncatedRelations(page).forEach((name, propertyId) -> {
            List<String> head = new ArrayList<>();
            JsonElement shown = props.getAsJsonObject(name).get("relation");
            if (shown != null && shown.isJsonArray()) {
                shown.getAsJsonArray().forEach(r -> head.add(r.getAsJsonObject().get("id").getAsString()));
            }
            out.add(new RelationCheck(id, name, RelationMarks.decoded(propertyId), head));
        });
        return out;
    }

    private static JsonObject query(Optional<Instant> editedSince, String cursor) {
        JsonObject body = new JsonObject();
        body.addProperty("page_size", PAGE_SIZE);
        if (cursor != null) {
            body.addProperty("start_cursor", cursor);
        }
        editedSince.ifPresent(since -> {
            JsonObject onOrAfter = new JsonObject();
            onOrAfter.addProperty("on_or_after", since.toString());
            JsonObject filter = new JsonObject();
            filter.addProperty("timestamp", "last_edited_time");
            filter.add("last_edited_time", onOrAfter);
            body.add("filter", filter);
        });
        return body;
    }

    /** Cached live pages a full listing did not show: in the trash, moved, or deleted. */
    private int findTrashed(String dataSourceId, Set<String> seen) throws NotionException {
        int trashed = 0;
        for (String id : pages.liveIdsIn(dataSourceId)) {
            if (seen.contains(id)) {
                continue;
            }
            try {
                CachedPage page = relations.complete(calls.call(() -> notion.retrievePage(id)));
                pages.upsert(page);
                trashed += page.inTrash() ? 1 : 0;
            } catch (NotionException e) {
                if (!e.error().objectNotFound()) {
                    throw e;
                }
                // Gone for good, or no longer shared with the integration: either way not to be shown.
                pages.markTrashed(id);
                trashed++;
            }
            heartbeat.run();
        }
        return trashed;
    }
}
