package com.notionrelay.web.admin;

import java.util.Optional;

/** The token from {@code NOTION_WEBHOOK_VERIFICATION_TOKEN}: shown, but changed only where it is set. */
public final class EnvironmentWebhookToken implements WebhookTokens {

    private final Optional<String> token;

    public EnvironmentWebhookToken(Optional<String> token) {
        this.token = token.filter(t -> !t.isEmpty());
    }

    @Override
    public State state() {
        return new State(token.isPresent(), token.isPresent() ? "environment" : "none", false);
    }

    @Override
    public Optional<String> reveal() {
        return token;
    }

    @Override
    public Reset reset() {
        return new Reset(false, token.isPresent()
                ? "the token is set in the environment (NOTION_WEBHOOK_VERIFICATION_TOKEN): change or unset it there "
                + "and restart the relay"
                : "no token is set; nothing to reset");
    }
}
