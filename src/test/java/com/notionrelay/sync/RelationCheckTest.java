package com.notionrelay.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.cache.PageCacheStore.RelationState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a relation cut at 25 items is read again through the page-property endpoint, and when not. */
class RelationCheckTest {

    private static List<String> ids(int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add("p" + i);
        }
        return out;
    }

    private static final RelationCheck CHECK = new RelationCheck("demo", "Interactions", "a:b", ids(0, 25));

    @Test
    void anUnchangedTwoWayRelationIsNotRead() {
        RelationState same = new RelationState(true, 150, ids(0, 25), 150, 0);
        assertEquals(Optional.empty(), CHECK.reasonToRead(same, true, false));
    }

    @Test
    void everyReasonToReadIsNamed() {
        RelationState same = new RelationState(true, 150, ids(0, 25), 150, 0);
        assertTrue(CHECK.reasonToRead(same, true, true).orElseThrow().contains("webhook"));
        assertTrue(CHECK.reasonToRead(same, false, false).orElseThrow().contains("nothing else tells"),
                "a one-way relation, or its other side not listed in this run");
        assertTrue(CHECK.reasonToRead(new RelationState(false, 0, List.of(), 150, 150), true, false).orElseThrow()
                .contains("fewer"), "never read before");
        assertTrue(CHECK.reasonToRead(new RelationState(true, 25, ids(0, 25), 26, 1), true, false).orElseThrow()
                .contains("fewer"));
        assertTrue(CHECK.reasonToRead(new RelationState(true, 150, ids(1, 25), 150, 0), true, false).orElseThrow()
                .contains("first 25"), "an item among the first 25 removed or moved");
        assertTrue(CHECK.reasonToRead(new RelationState(true, 150, ids(0, 25), 151, 1), true, false).orElseThrow()
                .contains("count"), "a page now pointing back that the list lacks: appended past 25");
        assertTrue(CHECK.reasonToRead(new RelationState(true, 150, ids(0, 25), 149, 0), true, false).orElseThrow()
                .contains("count"), "a page no longer pointing back");
        assertTrue(CHECK.reasonToRead(new RelationState(true, 150, ids(0, 25), 150, 1), true, false).orElseThrow()
                .contains("count"), "one replaced by another: same count, one not in the list");
    }
}
