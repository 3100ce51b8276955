package io.lifeboat.intake;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as Lifeboat sees it, whichever sender it came from.
 *
 * @param source      {@code alertmanager}, {@code grafana}, {@code pagerduty} or {@code api}
 * @param fingerprint the sender's stable id of the alert (Alertmanager's fingerprint, PagerDuty's incident id, ...);
 *                    the same fingerprint arriving again is a repeat
 * @param severity    {@code critical}, {@code error}, {@code warning} or {@code info}
 * @param endsAt      null while firing
 */
public record Alert(
        String source,
        String fingerprint,
        AlertStatus status,
        String alertname,
        String severity,
        String summary,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt) {
}
