package com.notionrelay.store;

/**
 * A delivery job as read from the outbox. {@code verifyFirst} is set after an ambiguous failure
 * or a crash mid-call: the next attempt must look for the effect before repeating it, and
 * {@code verifyMisses} counts the look-ups that found nothing since. {@code claimGeneration} is
 * the delivery lease generation that last claimed it (every update of an in-flight job is
 * conditioned on it); {@code parkedOn} the pause it waits for, null when it can be claimed;
 * {@code carriedBy} the job whose request carried this one's effect too (0: its own request).
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
        String target,
        long claimGeneration,
        String parkedOn,
        int verifyMisses,
        long carriedBy) {
}
