package io.lifeboat.intake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.lifeboat.incident.Severity;

/** Checks and normalizations every sender format shares; problems become a 400 naming the field. */
final class AlertFields {

    /** What Alertmanager and Grafana send as {@code endsAt} of a firing alert: Go's zero time. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private AlertFields() {
    }

    static AlertStatus status(String value, String field) {
        if ("firing".equals(value)) {
            return AlertStatus.FIRING;
        }
        if ("resolved".equals(value)) {
            return AlertStatus.RESOLVED;
        }
        throw RejectedAlertException.invalid(field + " must be \"firing\" or \"resolved\""
                + (value == null ? " but is missing" : ", not \"" + value + "\""));
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw RejectedAlertException.invalid(field + " is missing");
        }
        return value;
    }

    /** Null for absent, empty or Go's zero time. */
    static Instant time(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Instant time = Instant.parse(value);
            return time.equals(GO_ZERO_TIME) ? null : time;
        } catch (DateTimeParseException e) {
            throw RejectedAlertException.invalid(field + ": '" + value + "' is not an RFC 3339 time");
        }
    }

    /** Sorted, without null values (JSON {@code "x": null}), unmodifiable. */
    static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> sorted = new TreeMap<>();
        if (labels != null) {
            labels.forEach((name, value) -> {
                if (value != null) {
                    sorted.put(name, value);
                }
            });
        }
        return Collections.unmodifiableMap(sorted);
    }

    /** One of critical, error, warning, info; an unknown word counts as warning, so no alert is lost over it. */
    static String severity(String value) {
        return Severity.parse(value).value();
    }
}
