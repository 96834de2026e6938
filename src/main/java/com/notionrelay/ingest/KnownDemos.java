package com.notionrelay.ingest;

import com.notionrelay.cache.CachedPage;
import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.notion.NotionId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo ids intake accepts: once a sync pass over the Demos data source has completed, only
 * its live (not trashed) pages; before that, any id (nothing is known yet to refuse with).
 *
 * <p>Checked in memory. The set is loaded from the cache when the first completed pass is seen,
 * then kept in step by listening to the cache's one write path ({@link PageCacheStore}), so a
 * page brought by a sync, a webhook refresh or our own write is accepted at once and a trashed
 * one refused at once. Writes by another process on the same file are seen after a restart.
 */
public final class KnownDemos implements PageCacheStore.Listener {

    /** What the cache knows, as the app wires it. */
    public interface Source {
        /** The Demos data source id, once a sync pass over it has completed; empty before (or without Demos). */
        Optional<String> syncedDemosSource();

        /** Ids of the cached live pages of a data source. */
        List<String> liveIds(String dataSourceId);
    }

    private final Source source;
    private final boolean acceptUnknown;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    /** Null until Demos has been synced; from then on the set above is the truth. */
    private volatile String demosSource;

    public KnownDemos(Source source, boolean acceptUnknown) {
        this.source = source;
        this.acceptUnknown = acceptUnknown;
        if (!acceptUnknown) {
            arm();
        }
    }

    /** Whether intake accepts events for this demo id. */
    public boolean accepts(NotionId demoId) {
        if (acceptUnknown) {
            return true;
        }
        if (demosSource == null && !arm()) {
            return true;
        }
        return live.contains(demoId.value());
    }

    /** Refuses an unknown or trashed demo with 422 {@code unknown_demo} naming it. */
    public void require(NotionId demoId) {
        if (!accepts(demoId)) {
            throw new InvalidEventException(422, "unknown_demo", "demo_id", "demo_id " + demoId
                    + " is not a live page of the Demos database (unknown, in the trash, or not shared with the integration)");
        }
    }

    /** Loads the set once Demos has been synced; true when armed. One cheap store read while it is not. */
    private synchronized boolean arm() {
        if (demosSource != null) {
            return true;
        }
        Optional<String> synced = source.syncedDemosSource();
        if (synced.isEmpty()) {
            return false;
        }
        live.addAll(source.liveIds(synced.get()));
        demosSource = synced.get();
        return true;
    }

    @Override
    public synchronized void written(CachedPage page) {
        if (demosSource == null) {
            return; // loaded whole when armed, after this write committed
        }
        if (!page.inTrash() && demosSource.equals(page.dataSourceId())) {
            live.add(page.id());
        } else if (page.inTrash() || page.dataSourceId() != null) {
            live.remove(page.id()); // trashed, or moved to another data source; no source given: unchanged
        }
    }

    @Override
    public synchronized void trashed(String pageId) {
        if (demosSource != null) {
            live.remove(pageId);
        }
    }
}
