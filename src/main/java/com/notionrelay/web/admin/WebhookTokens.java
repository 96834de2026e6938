package com.notionrelay.web.admin;

import java.util.Optional;

/**
 * The Notion webhook verification token as the admin page shows and manages it. The stored-token
 * implementation is {@link StoredWebhookToken}.
 */
public interface WebhookTokens {

    /** Whether a token is known, where it comes from ({@code environment}, {@code handshake}…), and whether reset works. */
    record State(boolean set, String source, boolean resettable) {
    }

    /** Why a reset did not happen, when it did not. */
    record Reset(boolean done, String message) {
    }

    State state();

    /** The token itself, for an operator who asked to see it. */
    Optional<String> reveal();

    /** Forgets the token so the next handshake may set a new one. */
    Reset reset();
}
