package com.notionrelay.metrics;

/**
 * What the Notion webhook endpoint reports, as {@code relay_webhook_deliveries_total{type,outcome}}:
 * {@code type} is the delivery's event type (or {@code handshake}), {@code outcome} what the relay
 * did with it (for example {@code accepted}, {@code duplicate}, {@code bad_signature}).
 */
public interface WebhookDeliveryMeter {
    void delivery(String type, String outcome);
}
