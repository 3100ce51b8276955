package io.lifeboat.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One PagerDuty webhooks v3 event ({@code {"event": {...}}}) as an alert of its incident: fingerprint
 * {@code pagerduty:<incident id>}, resolved on {@code incident.resolved}, firing on every other incident event
 * (triggered, acknowledged, annotated, escalated, ...). Labels carry PagerDuty's ids, so catalog matchers such as
 * {@code {pagerduty_service: PF9KMXH}} map the incident to a service.
 */
final class PagerDutyWebhook {

    static final String ALERTNAME = "PagerDutyIncident";
    static final String RESOLVED = "incident.resolved";
    private static final String FINGERPRINT_PREFIX = "pagerduty:";

    private PagerDutyWebhook() {
    }

    /** @throws RejectedAlertException naming the missing field */
    static Alert alert(JsonNode body) {
        JsonNode event = body.path("event");
        if (!event.isObject()) {
            throw RejectedAlertException.invalid("event is missing");
        }
        String eventType = AlertFields.required(text(event, "event_type"), "event.event_type");
        JsonNode data = event.path("data");
        // incident events carry the incident itself; notes, responders and status updates point to it
        JsonNode incident = "incident".equals(text(data, "type")) ? data : data.path("incident");
        String incidentId = text(incident, "id");
        if (incidentId == null || incidentId.isBlank()) {
            throw RejectedAlertException.invalid("event.data.id (or event.data.incident.id) is missing: "
                    + eventType + " is not about an incident");
        }
        // stored as the fingerprint "pagerduty:<id>": a longer id is PagerDuty's error to hear about, not a 503
        AlertFields.atMost(incidentId, AlertFields.MAX_FINGERPRINT - FINGERPRINT_PREFIX.length(), "event.data.id");
        AlertStatus status = RESOLVED.equals(eventType) ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        String severity = "high".equals(text(incident, "urgency")) ? "critical" : "warning";

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERTNAME);
        labels.put("severity", severity);
        labels.put("pagerduty_incident", incidentId);
        labels.put("pagerduty_event", eventType);
        putIfPresent(labels, "pagerduty_service", text(incident.path("service"), "id"));
        Map<String, String> annotations = new LinkedHashMap<>();
        putIfPresent(annotations, "summary", text(incident, "title"));
        putIfPresent(annotations, "html_url", text(incident, "html_url"));
        putIfPresent(annotations, "event_id", text(event, "id"));
        putIfPresent(annotations, "agent", text(event.path("agent"), "summary"));
        putIfPresent(annotations, "note", text(data, "content"));

        String occurredAt = text(event, "occurred_at");
        String summary = annotations.getOrDefault("summary", "PagerDuty incident " + incidentId + ": " + eventType);
        return new Alert(Sender.PAGERDUTY.value(), FINGERPRINT_PREFIX + incidentId, status, ALERTNAME, severity, summary,
                AlertFields.labels(labels), AlertFields.labels(annotations),
                status == AlertStatus.FIRING ? AlertFields.time(occurredAt, "event.occurred_at") : null,
                status == AlertStatus.RESOLVED ? AlertFields.time(occurredAt, "event.occurred_at") : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
