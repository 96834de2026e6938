package com.notionrelay.web.admin;

import com.notionrelay.webhooks.WebhookControl;
import java.util.Locale;
import java.util.Optional;

/**
 * The webhook verification token the relay uses — the environment's, else the one Notion's handshake
 * stored — as the admin page shows and manages it. Only a stored token can be reset here.
 */
public final class StoredWebhookToken implements WebhookTokens {

    private final WebhookControl webhooks;

    public StoredWebhookToken(WebhookControl webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public State state() {
        var s = webhooks.tokenState();
        return new State(s.set(), s.source().name().toLowerCase(Locale.ROOT), s.set() && !webhooks.tokenFromEnvironment());
    }

    @Override
    public Optional<String> reveal() {
        return webhooks.revealToken();
    }

    @Override
    public Reset reset() {
        if (webhooks.tokenFromEnvironment()) {
            return new Reset(false, "the token is set in the environment (NOTION_WEBHOOK_VERIFICATION_TOKEN): change "
                    + "or unset it there and restart the relay");
        }
        return webhooks.resetToken()
                ? new Reset(true, "the stored token is forgotten: the next handshake from Notion is stored")
                : new Reset(false, "no token is stored; nothing to reset");
    }
}
