package com.notionrelay.webhooks;

import com.notionrelay.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The {@code webhook_token} table: the verification token Notion's handshake brought, one at most. */
public final class WebhookTokenStore {

    /** A token as stored, with when its handshake arrived. */
    public record Stored(String token, Instant receivedAt) {
        @Override
        public String toString() {
            return "Stored[token=" + WebhookTokens.redacted(token) + ", receivedAt=" + receivedAt + "]";
        }
    }

    private final Database db;

    public WebhookTokenStore(Database db) {
        this.db = db;
    }

    public Optional<Stored> stored() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT token, received_at FROM webhook_token WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), Instant.parse(rs.getString(2))))
                        : Optional.empty();
            }
        });
    }

    /**
     * Stores {@code token} unless one is stored already, in one statement, so two racing
     * handshakes cannot both win. True when this call stored it.
     */
    public boolean storeIfAbsent(String token, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO webhook_token(id, token, received_at) VALUES (1, ?, ?) ON CONFLICT(id) DO NOTHING")) {
                ps.setString(1, token);
                ps.setString(2, at.toString());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Forgets the stored token; true when there was one. */
    public boolean delete() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_token WHERE id = 1")) {
                return ps.executeUpdate() == 1;
            }
        });
    }
}
