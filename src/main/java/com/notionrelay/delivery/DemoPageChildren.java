package com.notionrelay.delivery;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds, among the last children of a demo page, a block an earlier attempt of this job may have
 * written: one that matches and that no job has recorded as its own yet. Appended blocks have no
 * key, so content is the only way to recognise them.
 */
public final class DemoPageChildren {

    /** Appends land at the end; an earlier attempt's block is among the last ones. */
    static final int WINDOW = 100;

    private final NotionApi notion;
    private final Predicate<String> alreadyRecorded;

    /** @param alreadyRecorded true for a Notion object id some job already recorded as what it wrote */
    public DemoPageChildren(NotionApi notion, Predicate<String> alreadyRecorded) {
        this.notion = notion;
        this.alreadyRecorded = alreadyRecorded;
    }

    /** The newest matching, unrecorded child's id. */
    Optional<String> findUnrecorded(String pageId, Predicate<JsonObject> matches) throws NotionException {
        List<JsonObject> recent = new ArrayList<>(last(pageId));
        for (int i = recent.size() - 1; i >= 0; i--) {
            JsonObject block = recent.get(i);
            String id = block.get("id").getAsString();
            if (matches.test(block) && !alreadyRecorded.test(id)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private List<JsonObject> last(String pageId) throws NotionException {
        Deque<JsonObject> window = new ArrayDeque<>();
        String cursor = null;
        do {
            JsonObject page = notion.listBlockChildren(pageId, cursor, WINDOW);
            for (JsonElement e : page.getAsJsonArray("results")) {
                window.addLast(e.getAsJsonObject());
                if (window.size() > WINDOW) {
                    window.removeFirst();
                }
            }
            boolean more = page.has("has_more") && page.get("has_more").getAsBoolean();
            cursor = more ? page.get("next_cursor").getAsString() : null;
        } while (cursor != null);
        return List.copyOf(window);
    }
}
