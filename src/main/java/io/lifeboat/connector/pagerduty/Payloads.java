package io.lifeboat.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;

import io.lifeboat.connector.OutboxMessage;

/** Reading the fields a PagerDuty delivery's payload documents; a missing or malformed one is refused, naming it. */
final class Payloads {

    private Payloads() {
    }

    static String required(OutboxMessage message, String field) {
        String value = optional(message, field);
        if (value == null || value.isBlank()) {
            throw refused(message, "lacks '" + field + "'");
        }
        return value;
    }

    /** Null when absent or null. */
    static String optional(OutboxMessage message, String field) {
        JsonNode value = message.payload().get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw refused(message, "has '" + field + "' that is not a string");
        }
        return value.asText();
    }

    /**
     * The PagerDuty dedup key: {@code dedupKey} when the payload names one (a note's own key is not the incident's),
     * else the message's key, which for an event is the alert's key end to end.
     */
    static String dedupKey(OutboxMessage message) {
        String dedupKey = optional(message, "dedupKey");
        return dedupKey == null ? message.key() : dedupKey;
    }

    static IllegalArgumentException refused(OutboxMessage message, String what) {
        return new IllegalArgumentException("outbox message " + message.id() + " (" + message.connector() + " "
                + message.operation() + "): payload " + what);
    }
}
