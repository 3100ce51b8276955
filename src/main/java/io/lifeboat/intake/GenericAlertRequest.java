package io.lifeboat.intake;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/alerts}: one alert from a script or a tool without a webhook format of its own. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "GenericAlert", description = "One alert for POST /api/alerts.")
record GenericAlertRequest(
        @Schema(description = "Catalog id of the affected service. When absent, the service is found by the"
                + " `service` label or the catalog's alertMatchers.", example = "ticket-db",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        String service,
        @Schema(description = "What is wrong, as a short name.", example = "BackupFailed",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String alertname,
        @Schema(description = "Unknown words count as warning.", allowableValues = {"critical", "error", "warning", "info"},
                requiredMode = Schema.RequiredMode.REQUIRED)
        String severity,
        @Schema(allowableValues = {"firing", "resolved"}, requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
        @Schema(description = "One line for people.", example = "Nightly backup of the ticket database failed",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String summary,
        @Schema(description = "Further labels, may be empty; used with the catalog's alertMatchers.",
                example = "{\"job\": \"ticketdb\", \"instance\": \"db01:9187\"}",
                requiredMode = Schema.RequiredMode.REQUIRED)
        Map<String, String> labels,
        @Schema(description = "Your stable id of this alert; a repeat with the same fingerprint is the same alert."
                + " Default: a hash of the labels (with alertname and service).",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        String fingerprint) {

    /**
     * @param receivedAt the alert's start when firing, its end when resolved
     * @throws RejectedAlertException naming the missing or wrong field
     */
    Alert alert(Catalog catalog, Instant receivedAt) {
        AlertFields.required(alertname, "alertname");
        AlertFields.required(severity, "severity");
        AlertFields.required(summary, "summary");
        AlertStatus alertStatus = AlertFields.status(status, "status");
        if (labels == null) {
            throw RejectedAlertException.invalid("labels is missing (send {} for none)");
        }
        if (service != null && catalog.find(service).isEmpty()) {
            throw RejectedAlertException.invalid("service '" + service + "' is not in the catalog; known services: "
                    + String.join(", ", catalog.services().stream().map(ServiceDefinition::id).toList()));
        }
        Map<String, String> allLabels = new TreeMap<>(AlertFields.labels(labels));
        allLabels.put("alertname", alertname);
        allLabels.put("severity", AlertFields.severity(severity));
        if (service != null) {
            allLabels.put("service", service);
        }
        Map<String, String> normalized = AlertFields.labels(allLabels);
        return new Alert(Sender.API.value(),
                AlertFields.fingerprint(fingerprint, normalized, "fingerprint"),
                alertStatus, alertname, AlertFields.severity(severity), summary, normalized, Map.of(),
                alertStatus == AlertStatus.FIRING ? receivedAt : null,
                alertStatus == AlertStatus.RESOLVED ? receivedAt : null);
    }
}
