package com.notionrelay.webhooks;

import java.time.Clock;
import java.util.Optional;

/**
 * What an operator sees of webhooks and may do about them, for the {@code status} and
 * {@code webhook-token} commands, /health, and the admin API: the token's state, revealing it,
 * resetting it, and the delivery report.
 */
public final class WebhookControl {

    private final WebhookTokens tokens;
    private final WebhookInbox inbox;
    private final Clock clock;

    public WebhookControl(WebhookTokens tokens, WebhookInbox inbox, Clock clock) {
        this.tokens = tokens;
        this.inbox = inbox;
        this.clock = clock;
    }

    public WebhookTokens.State tokenState() {
        return tokens.state();
    }

    /** The whole token in use, to paste into Notion; only for callers that checked the operator's right to see it. */
    public Optional<String> revealToken() {
        return tokens.reveal();
    }

    /** Forgets the stored token so the next handshake is accepted; false when none was stored. */
    public boolean resetToken() {
        return tokens.reset();
    }

    /** True when the environment's token is in use: a reset does not change it. */
    public boolean tokenFromEnvironment() {
        return tokens.fromEnvironment();
    }

    public WebhookReport report() {
        return new WebhookReport(tokens.state(), inbox.last(), inbox.countsByTypeAndOutcome(), inbox.backlog(clock.millis()));
    }
}
