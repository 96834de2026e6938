package com.notionrelay.sync;

import com.notionrelay.cache.PageCacheStore.RelationState;
import java.util.List;
import java.util.Optional;

/**
 * A relation a listed page object cut short (Notion shows its first 25 items and {@code has_more}),
 * and the rule that says whether reading it in full through the page-property endpoint can
 * bring anything new. The full read costs one request per 100 items, so it is spent only when
 * the cache's copy can differ from Notion's.
 *
 * @param pageId     the page
 * @param property   the relation property's name
 * @param propertyId its id, decoded (what webhooks name in {@code updated_properties})
 * @param head       the items the page object showed, in order
 */
record RelationCheck(String pageId, String property, String propertyId, List<String> head) {

    RelationCheck {
        head = List.copyOf(head);
    }

    /**
     * Why the relation must be re-read, or empty when it cannot have changed.
     *
     * @param cached    the cache's copy (with the other side counted when {@code otherSideKnown})
     * @param otherSideKnown the relation is two-way and the pages on its other side were listed
     *                  completely in this run, so their lists pointing back are current
     * @param marked    a webhook said this property changed
     */
    Optional<String> reasonToRead(RelationState cached, boolean otherSideKnown, boolean marked) {
        if (marked) {
            return Optional.of("a webhook named it");
        }
        if (!cached.listed() || cached.count() <= head.size()) {
            return Optional.of("the cache holds fewer items than Notion shows");
        }
        if (!cached.head().equals(head)) {
            return Optional.of("its first " + head.size() + " items differ from the cache");
        }
        if (!otherSideKnown) {
            // Items past the first 25 are invisible in a page object: without the other side, nothing says they stayed.
            return Optional.of("nothing else tells whether items past the first " + head.size() + " changed");
        }
        if (cached.pointing() != cached.count() || cached.unlisted() > 0) {
            return Optional.of("its count differs from the pages pointing back");
        }
        return Optional.empty();
    }
}
