package com.notionrelay.delivery;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Performs one kind of delivery job in Notion. */
public interface JobHandler {

    /**
     * Writes the event's effect.
     *
     * @return the id of the Notion object written, recorded on the job
     */
    String write(InteractionEvent event) throws NotionException;

    /**
     * After an attempt that may have taken effect: the object that attempt wrote, if it can be
     * found. Empty for writes that are safe to repeat (a PATCH of the same values).
     */
    Optional<String> findEarlier(InteractionEvent event) throws NotionException;

    /**
     * True when {@link #findEarlier} reads Notion's query index, which trails writes: a miss right
     * after the write proves nothing, so the look-up waits and is repeated before a re-write.
     */
    default boolean lookupTrailsWrites() {
        return false;
    }

    /**
     * How many waiting jobs of this kind for one demo page one request may carry; 1 (the default)
     * turns coalescing off for the kind.
     */
    default int coalesceLimit() {
        return 1;
    }

    /**
     * Writes several events' effects on one demo page in one request, in acceptance order.
     *
     * @return each event's Notion object id, in the same order
     */
    default List<String> writeAll(List<InteractionEvent> events) throws NotionException {
        List<String> ids = new ArrayList<>();
        for (InteractionEvent e : events) {
            ids.add(write(e));
        }
        return ids;
    }

    /** The operator's fix when this job's own target answers 401/403/404. */
    String operatorHint();
}
