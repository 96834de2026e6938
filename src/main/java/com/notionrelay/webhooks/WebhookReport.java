package com.notionrelay.webhooks;

import com.google.gson.JsonObject;
import com.notionrelay.webhooks.WebhookInbox.Outcome;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Webhooks as /health and {@code status} show them: the token's state, the last delivery, counts, the backlog. */
public record WebhookReport(WebhookTokens.State token, Optional<WebhookInbox.Last> last,
                            Map<String, Map<Outcome, Long>> counts, WebhookInbox.Backlog backlog) {

    public WebhookReport {
        counts = Map.copyOf(counts);
    }

    /** For /health, which anyone may read: whether a token is set and where from, never any of it. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        JsonObject t = new JsonObject();
        t.addProperty("set", token.set());
        t.addProperty("source", token.source().name().toLowerCase(Locale.ROOT));
        token.receivedAt().ifPresent(at -> t.addProperty("received_at", at.toString()));
        o.add("token", t);
        o.add("last_delivery", last.map(l -> {
            JsonObject d = new JsonObject();
            d.addProperty("id", l.id());
            d.addProperty("type", l.type());
            d.addProperty("received_at", l.receivedAt().toString());
            d.addProperty("outcome", l.outcome().dbName());
            return d;
        }).orElse(null));
        JsonObject byType = new JsonObject();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            JsonObject byOutcome = new JsonObject();
            e.getValue().forEach((outcome, n) -> byOutcome.addProperty(outcome.dbName(), n));
            byType.add(e.getKey(), byOutcome);
        });
        o.add("deliveries", byType);
        JsonObject b = new JsonObject();
        b.addProperty("deliveries", backlog.deliveries());
        b.addProperty("entities", backlog.entities());
        b.addProperty("retrying", backlog.retrying());
        o.add("backlog", b);
        return o;
    }

    /** For the {@code status} command, run by an operator on the machine: the token's last 4 characters too. */
    public String toText() {
        StringBuilder sb = new StringBuilder("webhooks:  ");
        sb.append(switch (token.source()) {
            case ENVIRONMENT -> "token set from NOTION_WEBHOOK_VERIFICATION_TOKEN";
            case HANDSHAKE -> "token stored from Notion's handshake at " + token.receivedAt().orElseThrow();
            case NONE -> "no token yet (waiting for Notion's handshake on POST /webhooks/notion)";
        });
        token.lastFour().ifPresent(f -> sb.append(", ends in ").append(f.isEmpty() ? "(too short to show)" : f)
                .append("; reveal: `").append(WebhookTokens.REVEAL_HINT).append('`'));
        sb.append('\n');
        sb.append("  last delivery: ").append(last.map(l -> l.receivedAt() + " " + l.type() + " (" + l.outcome().dbName() + ")")
                .orElse("none")).append('\n');
        sb.append("  backlog: ").append(backlog.deliveries()).append(" deliveries over ").append(backlog.entities())
                .append(" entities, ").append(backlog.retrying()).append(" backing off after a failure\n");
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append("  ").append(e.getKey())
                .append(": ").append(e.getValue().entrySet().stream()
                        .map(o -> o.getValue() + " " + o.getKey().dbName()).collect(Collectors.joining(", ")))
                .append('\n'));
        return sb.toString();
    }
}
