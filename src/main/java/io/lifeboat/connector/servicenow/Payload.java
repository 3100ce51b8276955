package io.lifeboat.connector.servicenow;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.lifeboat.connector.OutboxMessage;

/**
 * A delivery's reading of its message's payload. A field that is missing or malformed is the queuing code's mistake,
 * which no retry mends: an {@link IllegalArgumentException} naming the operation and the field.
 */
final class Payload {

    private final OutboxMessage message;

    Payload(OutboxMessage message) {
        this.message = message;
    }

    String text(String field) {
        JsonNode value = message.payload().path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw wrong(field, "is missing or not a text");
        }
        return value.asText();
    }

    /** Null when absent. */
    String optionalText(String field) {
        return message.payload().hasNonNull(field) ? text(field) : null;
    }

    int integer(String field, int orElse) {
        JsonNode value = message.payload().path(field);
        if (value.isMissingNode() || value.isNull()) {
            return orElse;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw wrong(field, "is not a whole number");
        }
        return value.intValue();
    }

    /** Null when absent. */
    Long optionalLong(String field) {
        JsonNode value = message.payload().path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw wrong(field, "is not a whole number");
        }
        return value.longValue();
    }

    boolean bool(String field) {
        return message.payload().path(field).asBoolean(false);
    }

    /** An ISO-8601 instant. */
    Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw wrong(field, "'" + text + "' is not an ISO-8601 instant");
        }
    }

    /** Null when absent. */
    Instant optionalInstant(String field) {
        return message.payload().hasNonNull(field) ? instant(field) : null;
    }

    private IllegalArgumentException wrong(String field, String problem) {
        return new IllegalArgumentException(message.connector() + " " + message.operation() + " message " + message.id()
                + ": payload field " + field + " " + problem);
    }
}
