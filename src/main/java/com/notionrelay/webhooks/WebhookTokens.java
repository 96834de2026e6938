package com.notionrelay.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which verification token signs Notion's deliveries, and the handshake that brings one. The
 * environment's {@code NOTION_WEBHOOK_VERIFICATION_TOKEN} wins; otherwise the first handshake's
 * token is stored, and a handshake with another token is refused until an operator resets it,
 * so nobody can replace it by posting first. Read from SQLite on every use, so a reset from the
 * command line takes effect in a running relay at once. Never logs more than the last 4 characters.
 */
public final class WebhookTokens {

    private static final Logger log = LoggerFactory.getLogger(WebhookTokens.class);

    /** Where the token in use came from. */
    public enum Source { ENVIRONMENT, HANDSHAKE, NONE }

    /** What a handshake led to. */
    public enum Handshake { STORED, ALREADY_STORED, CONFLICT_STORED, CONFLICT_ENVIRONMENT }

    /** What status, /health and the admin page show; never the token itself. */
    public record State(Source source, Optional<String> lastFour, Optional<Instant> receivedAt) {
        public boolean set() {
            return source != Source.NONE;
        }
    }

    /** How an operator sees the whole token, to paste it into Notion. */
    public static final String REVEAL_HINT = "java -jar notion-relay.jar webhook-token show";

    private final Optional<String> fromEnvironment;
    private final WebhookTokenStore store;
    private final Clock clock;

    public WebhookTokens(Optional<String> fromEnvironment, WebhookTokenStore store, Clock clock) {
        this.fromEnvironment = fromEnvironment.filter(t -> !t.isBlank());
        this.store = store;
        this.clock = clock;
    }

    /** The token deliveries must be signed with, if any. */
    public Optional<String> active() {
        return fromEnvironment.isPresent() ? fromEnvironment : store.stored().map(WebhookTokenStore.Stored::token);
    }

    public Handshake handshake(String token) {
        if (fromEnvironment.isPresent()) {
            boolean same = fromEnvironment.get().equals(token);
            log.warn("webhook handshake with token {}: {}", redacted(token), same
                    ? "matches NOTION_WEBHOOK_VERIFICATION_TOKEN"
                    : "refused, NOTION_WEBHOOK_VERIFICATION_TOKEN is set to another token (update or unset it)");
            return same ? Handshake.ALREADY_STORED : Handshake.CONFLICT_ENVIRONMENT;
        }
        if (store.storeIfAbsent(token, clock.instant())) {
            log.info("webhook verification token {} received and stored; reveal it with `{}` and paste it into "
                    + "Notion's Verify dialog", redacted(token), REVEAL_HINT);
            return Handshake.STORED;
        }
        Optional<String> held = store.stored().map(WebhookTokenStore.Stored::token);
        if (held.isEmpty() || held.get().equals(token)) {
            log.info("webhook verification token {} received again (already stored)", redacted(token));
            return Handshake.ALREADY_STORED;
        }
        log.warn("webhook handshake with token {} refused: token {} is stored; an operator resets it with "
                + "`webhook-token reset`", redacted(token), redacted(held.get()));
        return Handshake.CONFLICT_STORED;
    }

    public State state() {
        if (fromEnvironment.isPresent()) {
            return new State(Source.ENVIRONMENT, Optional.of(lastFour(fromEnvironment.get())), Optional.empty());
        }
        return store.stored()
                .map(s -> new State(Source.HANDSHAKE, Optional.of(lastFour(s.token())), Optional.of(s.receivedAt())))
                .orElse(new State(Source.NONE, Optional.empty(), Optional.empty()));
    }

    /** The whole token, for an operator to paste into Notion (the command line and the admin API only). */
    public Optional<String> reveal() {
        return active();
    }

    /**
     * Forgets the stored token so the next handshake is accepted. Returns false when none was
     * stored. A token from the environment is not touched: it still wins until it is unset.
     */
    public boolean reset() {
        boolean removed = store.delete();
        log.info("webhook verification token {}", removed ? "reset: the next handshake will be stored" : "reset: none was stored");
        return removed;
    }

    public boolean fromEnvironment() {
        return fromEnvironment.isPresent();
    }

    static String lastFour(String token) {
        return token.length() <= 4 ? "" : token.substring(token.length() - 4);
    }

    /** How a token appears in logs: its last 4 characters at most. */
    static String redacted(String token) {
        String tail = lastFour(token);
        return tail.isEmpty() ? "(short token)" : "…" + tail;
    }
}
