package io.lifeboat.intake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;


/** Checks and normalizations every sender format shares; problems become a 400 naming the field. */
final class AlertFields {

    /** What Alertmanager and Grafana send as {@code endsAt} of a firing alert: Go's zero time. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** Columns of {@code alert_inbox}: a longer value is the sender's error (400), not a database fault (503). */
    static final int MAX_FINGERPRINT = 200;
    static final int MAX_DELIVERY_ID = 200;

    private AlertFields() {
    }

    /** The sender's fingerprint, or when it gave none a hash of the labels. */
    static String fingerprint(String given, Map<String, String> labels, String field) {
        if (given == null || given.isBlank()) {
            return Fingerprints.ofLabels(labels);
        }
        return atMost(given, MAX_FINGERPRINT, field);
    }

    static String atMost(String value, int length, String field) {
        if (value.length() > length) {
            throw RejectedAlertException.invalid(field + " is longer than " + length + " characters");
        }
        return value;
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
