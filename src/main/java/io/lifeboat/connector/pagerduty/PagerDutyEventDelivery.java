package io.lifeboat.connector.pagerduty;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;
import io.lifeboat.connector.pagerduty.PagerDutyEvents.Severity;
import io.lifeboat.connector.pagerduty.PagerDutyEvents.Trigger;
import io.lifeboat.connector.pagerduty.PagerDutyEventsApi.Link;
import io.lifeboat.secret.SecretReference;

/**
 * Delivers {@code event.trigger}, {@code event.acknowledge} and {@code event.resolve} (one bean each) to the Events
 * API, with the routing key of the payload's service (its own or the default: the same for every event of one
 * alert). The dedup key is {@code dedupKey} of the payload, else the message's key. Delivered twice, an event does no
 * harm: PagerDuty deduplicates a trigger onto the open incident of its key, and a second acknowledge or resolve
 * changes nothing. Returns the dedup key PagerDuty filed the event under.
 *
 * <p>Payloads (plain JSON; never a routing key or token, which this delivery resolves from the settings):
 * <pre>
 * event.trigger:     {"service": "ticket-db", "summary": "Backup of ticket-db failed",   // required; cut to 1,024
 *                     "severity": "critical|error|warning|info",                          // required
 *                     "source": "db01.example.com",            // optional: the affected host; else the service id
 *                     "dedupKey": "...", "timestamp": "2026-11-22T01:02:23Z",
 *                     "component": "postgres", "group": "ticket-db", "class": "backup",
 *                     "details": {...},                        // PagerDuty's custom_details
 *                     "link": "https://lifeboat.example/...",  // client_url, beside the client name "Lifeboat"
 *                     "links": [{"href": "...", "text": "Runbook"}]}
 * event.acknowledge,
 * event.resolve:     {"service": "ticket-db", "dedupKey": "..."}                          // dedupKey optional
 * </pre>
 */
final class PagerDutyEventDelivery implements Delivery {

    /** The three event actions, each its own delivery operation. */
    enum Action {
        TRIGGER(PagerDutyConnector.EVENT_TRIGGER),
        ACKNOWLEDGE(PagerDutyConnector.EVENT_ACKNOWLEDGE),
        RESOLVE(PagerDutyConnector.EVENT_RESOLVE);

        private final String operation;

        Action(String operation) {
            this.operation = operation;
        }

        String operation() {
            return operation;
        }
    }

    private final Action action;
    private final PagerDutyConnector connector;
    private final PagerDutyEvents events;

    PagerDutyEventDelivery(Action action, PagerDutyConnector connector, PagerDutyEvents events) {
        this.action = action;
        this.connector = connector;
        this.events = events;
    }

    @Override
    public String connector() {
        return PagerDutyConnector.NAME;
    }

    @Override
    public String operation() {
        return action.operation();
    }

    @Override
    public String deliver(OutboxMessage message) {
        String service = Payloads.required(message, "service");
        SecretReference routingKey = connector.routingKey(service).orElseThrow(() -> new IllegalStateException(
                "no PagerDuty routing key for service " + service + ": set " + PagerDutyProperties.PREFIX + "routing-keys."
                        + service + " or " + PagerDutyProperties.PREFIX + "routing-key-ref"));
        String dedupKey = Payloads.dedupKey(message);
        return switch (action) {
            case TRIGGER -> events.trigger(routingKey, dedupKey, trigger(message, service));
            case ACKNOWLEDGE -> events.acknowledge(routingKey, dedupKey);
            case RESOLVE -> events.resolve(routingKey, dedupKey);
        };
    }

    private static Trigger trigger(OutboxMessage message, String service) {
        String severityText = Payloads.required(message, "severity");
        Severity severity;
        try {
            severity = Severity.of(severityText);
        } catch (IllegalArgumentException e) {
            throw Payloads.refused(message, "has a wrong 'severity': " + e.getMessage());
        }
        String source = Payloads.optional(message, "source");
        JsonNode details = message.payload().get("details");
        if (details != null && !details.isNull() && !details.isObject()) {
            throw Payloads.refused(message, "has 'details' that is not an object");
        }
        return new Trigger(Payloads.required(message, "summary"), source == null ? service : source, severity,
                timestamp(message), Payloads.optional(message, "component"), Payloads.optional(message, "group"),
                Payloads.optional(message, "class"), details == null || details.isNull() ? null : details.deepCopy(),
                Payloads.optional(message, "link"), links(message));
    }

    private static Instant timestamp(OutboxMessage message) {
        String timestamp = Payloads.optional(message, "timestamp");
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw Payloads.refused(message, "has a 'timestamp' that is not an ISO-8601 instant");
        }
    }

    private static List<Link> links(OutboxMessage message) {
        JsonNode links = message.payload().path("links");
        List<Link> parsed = new ArrayList<>();
        for (JsonNode link : links) {
            if (!link.path("href").isTextual() || link.path("href").asText().isBlank()) {
                throw Payloads.refused(message, "has a link without 'href'");
            }
            parsed.add(new Link(link.get("href").asText(), link.path("text").isTextual() ? link.get("text").asText() : null));
        }
        return parsed;
    }
}
