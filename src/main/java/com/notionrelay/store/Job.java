package com.notionrelay.store;

/**
 * A delivery job as read from the outbox. {@code verifyFirst} is set after an ambiguous failure
 * or a crash mid-call: the next attempt must look for the effect before repeating it.
 */
public record Job(
        long id,
        String eventId,
        JobKind kind,
        JobState state,
        int attempts,
        long runAtMillis,
        long createdAtMillis,
        boolean verifyFirst,
        String lastError,
        String notionPageId,
        String target) {
}
