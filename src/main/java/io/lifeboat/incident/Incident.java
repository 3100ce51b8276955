package io.lifeboat.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident with its alerts and timeline.
 *
 * @param service  null while no service could be matched (the incident waits in triage)
 * @param severity the highest severity seen among its alerts
 */
public record Incident(
        String id,
        String service,
        String severity,
        IncidentState state,
        String title,
        String openedBy,
        Instant openedAt,
        Instant resolvedAt,
        String processInstanceId,
        boolean allAlertsResolved,
        List<IncidentAlert> alerts,
        List<TimelineEntry> timeline) {

    /** @param labels as the alert first came, e.g. {@code instance}, {@code host}, {@code job}; empty for alerts stored before V20 */
    public record IncidentAlert(String fingerprint, String source, String alertname, String severity, String status,
                                String summary, Instant firstSeenAt, Instant lastSeenAt, int occurrences,
                                Map<String, String> labels) {
    }

    /** @param kind e.g. {@code alert}, {@code alert-repeat}, {@code alert-resolved}, {@code decision}, {@code backup}, {@code escalation} */
    public record TimelineEntry(long id, Instant occurredAt, String actor, String kind, String text) {
    }
}
