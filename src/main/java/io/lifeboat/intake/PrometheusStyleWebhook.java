package io.lifeboat.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The webhook body of Alertmanager (version "4") and Grafana (version "1", the same shape plus extras): one
 * notification of an alert group, read as a snapshot whose alerts each carry their own status. Fields Lifeboat does
 * not use are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PrometheusStyleWebhook(String version, List<WebhookAlert> alerts) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WebhookAlert(String status, Map<String, String> labels, Map<String, String> annotations,
                        String startsAt, String endsAt, String fingerprint) {
    }

    /** @throws RejectedAlertException naming the first problem; then nothing of the payload is stored */
    List<Alert> alerts(Sender sender, String expectedVersion) {
        if (!expectedVersion.equals(version)) {
            throw RejectedAlertException.invalid("version must be \"" + expectedVersion + "\""
                    + (version == null ? " but is missing" : ", not \"" + version + "\""));
        }
        if (alerts == null) {
            throw RejectedAlertException.invalid("alerts is missing");
        }
        if (alerts.isEmpty()) {
            throw RejectedAlertException.invalid("alerts is empty");
        }
        List<Alert> normalized = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            normalized.add(alert(sender, alerts.get(i), "alerts[" + i + "]"));
        }
        return normalized;
    }

    private static Alert alert(Sender sender, WebhookAlert alert, String field) {
        if (alert == null) {
            throw RejectedAlertException.invalid(field + " must be an object");
        }
        Map<String, String> labels = AlertFields.labels(alert.labels());
        if (labels.isEmpty()) {
            throw RejectedAlertException.invalid(field + ".labels is missing");
        }
        String alertname = AlertFields.required(labels.get("alertname"), field + ".labels.alertname");
        AlertStatus status = AlertFields.status(alert.status(), field + ".status");
        Map<String, String> annotations = AlertFields.labels(alert.annotations());
        String fingerprint = AlertFields.fingerprint(alert.fingerprint(), labels, field + ".fingerprint");
        return new Alert(sender.value(), fingerprint, status, alertname, AlertFields.severity(labels.get("severity")),
                summary(annotations, alertname), labels, annotations,
                AlertFields.time(alert.startsAt(), field + ".startsAt"),
                status == AlertStatus.FIRING ? null : AlertFields.time(alert.endsAt(), field + ".endsAt"));
    }

    private static String summary(Map<String, String> annotations, String alertname) {
        String summary = annotations.get("summary");
        if (summary == null || summary.isBlank()) {
            summary = annotations.get("description");
        }
        return summary == null || summary.isBlank() ? alertname : summary;
    }
}
