package com.notionrelay.delivery;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.notion.NotionException;
import java.util.List;

/**
 * A handler whose waiting jobs for one demo page one request can carry together (up to 100, the
 * most blocks Notion appends at once); a single job is a group of one.
 */
interface CoalescingJobHandler extends JobHandler {

    @Override
    List<String> writeAll(List<InteractionEvent> events) throws NotionException;

    @Override
    default String write(InteractionEvent event) throws NotionException {
        return writeAll(List.of(event)).get(0);
    }

    @Override
    default int coalesceLimit() {
        return 100;
    }
}
