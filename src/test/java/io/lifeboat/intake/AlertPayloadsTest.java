package io.lifeboat.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Each sender's format normalized into {@link Alert}s, and what is refused, on the fixtures. */
class AlertPayloadsTest {

    private final ObjectMapper json = new ObjectMapper();

    private List<Alert> prometheusStyle(byte[] body, Sender sender, String version) throws Exception {
        return json.readValue(body, PrometheusStyleWebhook.class).alerts(sender, version);
    }

    private List<Alert> alertmanager(String body) throws Exception {
        return prometheusStyle(body.getBytes(StandardCharsets.UTF_8), Sender.ALERTMANAGER, "4");
    }

    @Test
    void alertmanagerCapturesBecomeOneAlertPerEntryWithItsOwnStatus() throws Exception {
        List<byte[]> captures = AlertFixtures.alertmanagerCaptures();

        List<Alert> second = prometheusStyle(captures.get(1), Sender.ALERTMANAGER, "4");

        assertThat(second).hasSize(2);
        Alert db01 = second.get(0);
        assertThat(db01.source()).isEqualTo("alertmanager");
        assertThat(db01.fingerprint()).isEqualTo("cb072998a5b85684");
        assertThat(db01.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(db01.alertname()).isEqualTo("BackupFailed");
        assertThat(db01.severity()).isEqualTo("critical");
        assertThat(db01.summary()).isEqualTo("Nightly backup failed");
        assertThat(db01.labels()).containsEntry("instance", "db01:9187").containsEntry("service", "pg-main");
        assertThat(db01.annotations()).containsEntry("runbook_url", "https://wiki.example/rb/backup");
        assertThat(db01.startsAt()).isEqualTo(Instant.parse("2026-11-22T01:02:23.515Z"));
        assertThat(db01.endsAt()).isEqualTo(Instant.parse("2026-11-22T01:02:29Z"));
        Alert db02 = second.get(1);
        assertThat(db02.fingerprint()).isEqualTo("39d0128fc9997d11");
        assertThat(db02.status()).isEqualTo(AlertStatus.FIRING);
        // the webhook's firing endsAt is Go's zero time, which means "not ended"
        assertThat(db02.endsAt()).isNull();
        assertThat(db02.startsAt()).isEqualTo(Instant.parse("2026-11-22T01:02:23.532895908Z"));
    }

    @Test
    void grafanaExtrasAreIgnored() throws Exception {
        List<Alert> alerts = prometheusStyle(AlertFixtures.bytes("grafana-firing.json"), Sender.GRAFANA, "1");

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.source()).isEqualTo("grafana");
            assertThat(alert.fingerprint()).isEqualTo("5c3a1b2f8e9d0a47");
            assertThat(alert.alertname()).isEqualTo("NotesWikiDown");
            assertThat(alert.severity()).isEqualTo("error");
            assertThat(alert.labels()).containsEntry("job", "notes-wiki");
        });
    }

    @Test
    void aGrafanaPayloadIsNotAnAlertmanagerOneAndTheOtherWayRound() {
        assertThatThrownBy(() -> prometheusStyle(AlertFixtures.bytes("grafana-firing.json"), Sender.ALERTMANAGER, "4"))
                .hasMessage("version must be \"4\", not \"1\"");
        assertThatThrownBy(() -> prometheusStyle(AlertFixtures.alertmanagerCaptures().get(0), Sender.GRAFANA, "1"))
                .hasMessage("version must be \"1\", not \"4\"");
    }

    @Test
    void malformedAlertsAreNamedByTheirPlace() {
        assertThatThrownBy(() -> alertmanager("{\"receiver\": \"x\"}")).hasMessage("version must be \"4\" but is missing");
        assertThatThrownBy(() -> alertmanager("{\"version\": \"4\"}")).hasMessage("alerts is missing");
        assertThatThrownBy(() -> alertmanager("{\"version\": \"4\", \"alerts\": []}")).hasMessage("alerts is empty");
        assertThatThrownBy(() -> alertmanager("""
                {"version": "4", "alerts": [{"status": "firing", "labels": {"alertname": "A"}}, {"status": "firing"}]}"""))
                .hasMessage("alerts[1].labels is missing");
        assertThatThrownBy(() -> alertmanager("""
                {"version": "4", "alerts": [{"status": "firing", "labels": {"job": "x"}}]}"""))
                .hasMessage("alerts[0].labels.alertname is missing");
        assertThatThrownBy(() -> alertmanager("""
                {"version": "4", "alerts": [{"status": "pending", "labels": {"alertname": "A"}}]}"""))
                .hasMessage("alerts[0].status must be \"firing\" or \"resolved\", not \"pending\"");
        assertThatThrownBy(() -> alertmanager("""
                {"version": "4", "alerts": [{"status": "firing", "labels": {"alertname": "A"}, "startsAt": "yesterday"}]}"""))
                .hasMessage("alerts[0].startsAt: 'yesterday' is not an RFC 3339 time");
    }

    @Test
    void withoutAFingerprintTheLabelSetIsHashedStably() throws Exception {
        String body = """
                {"version": "4", "alerts": [{"status": "firing", "labels": {"alertname": "A", "job": "x"}}]}""";
        String reordered = """
                {"version": "4", "alerts": [{"status": "resolved", "labels": {"job": "x", "alertname": "A"}}]}""";

        String fingerprint = alertmanager(body).get(0).fingerprint();

        assertThat(fingerprint).matches("[0-9a-f]{16}").isEqualTo(alertmanager(reordered).get(0).fingerprint());
        assertThat(Fingerprints.ofLabels(Map.of("alertname", "A", "job", "y"))).isNotEqualTo(fingerprint);
        // unknown severities count as warning, so an odd label never loses the alert
        assertThat(alertmanager(body).get(0).severity()).isEqualTo("warning");
    }

    @Test
    void pagerDutyEventsBecomeAlertsOfTheirIncident() {
        Alert triggered = PagerDutyWebhook.alert(AlertFixtures.tree(AlertFixtures.bytes("pagerduty-triggered.json")));
        Alert resolved = PagerDutyWebhook.alert(AlertFixtures.tree(AlertFixtures.bytes("pagerduty-resolved.json")));

        assertThat(triggered.fingerprint()).isEqualTo("pagerduty:PGR0VU2").isEqualTo(resolved.fingerprint());
        assertThat(triggered.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(triggered.severity()).isEqualTo("critical");
        assertThat(triggered.summary()).isEqualTo("Ticket vault backup overdue");
        assertThat(triggered.labels()).containsEntry("pagerduty_service", "PVAULT1")
                .containsEntry("pagerduty_event", "incident.triggered").containsEntry("alertname", "PagerDutyIncident");
        assertThat(triggered.startsAt()).isEqualTo(Instant.parse("2026-11-22T01:20:05.112Z"));
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(Instant.parse("2026-11-22T01:34:40Z"));
    }

    @Test
    void pagerDutyNotesAndAcknowledgementsKeepTheIncidentFiring() {
        Alert note = PagerDutyWebhook.alert(AlertFixtures.tree("""
                {"event": {"id": "E1", "event_type": "incident.annotated", "occurred_at": "2026-11-22T01:25:00Z",
                  "data": {"id": "N1", "type": "incident_note", "content": "restore started",
                           "incident": {"id": "PGR0VU2", "type": "incident_reference"}}}}"""
                .getBytes(StandardCharsets.UTF_8)));
        Alert acknowledged = PagerDutyWebhook.alert(AlertFixtures.tree(AlertFixtures.text("pagerduty-triggered.json")
                .replace("incident.triggered", "incident.acknowledged").getBytes(StandardCharsets.UTF_8)));

        assertThat(note.fingerprint()).isEqualTo("pagerduty:PGR0VU2");
        assertThat(note.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(note.annotations()).containsEntry("note", "restore started");
        assertThat(acknowledged.status()).isEqualTo(AlertStatus.FIRING);
        assertThatThrownBy(() -> PagerDutyWebhook.alert(AlertFixtures.tree("{\"ping\": 1}".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("event is missing");
        assertThatThrownBy(() -> PagerDutyWebhook.alert(AlertFixtures.tree("""
                {"event": {"event_type": "service.updated", "data": {"id": "S1", "type": "service"}}}"""
                .getBytes(StandardCharsets.UTF_8))))
                .hasMessage("event.data.id (or event.data.incident.id) is missing: service.updated is not about an incident");
    }

    @Test
    void pagerDutySignatureIsCheckedOverTheRawBytesAgainstEverySecret() {
        byte[] body = AlertFixtures.bytes("pagerduty-triggered.json");
        List<byte[]> secrets = List.of("old-secret".getBytes(StandardCharsets.UTF_8),
                "new-secret".getBytes(StandardCharsets.UTF_8));
        String good = AlertFixtures.pagerDutySignature(body, "new-secret");
        String wrongSecret = AlertFixtures.pagerDutySignature(body, "guessed");

        assertThat(PagerDutySignature.isValid(body, good, secrets)).isTrue();
        assertThat(PagerDutySignature.isValid(body, wrongSecret + ", " + good, secrets)).isTrue();
        assertThat(PagerDutySignature.isValid(body, wrongSecret, secrets)).isFalse();
        assertThat(PagerDutySignature.isValid(body, good.replace("v1=", "v0="), secrets)).isFalse();
        assertThat(PagerDutySignature.isValid(body, null, secrets)).isFalse();
        assertThat(PagerDutySignature.isValid(body, good, List.of())).isFalse();
        // the same JSON with other whitespace is not what was signed
        byte[] reformatted = AlertFixtures.tree(body).toPrettyString().getBytes(StandardCharsets.UTF_8);
        assertThat(PagerDutySignature.isValid(reformatted, good, secrets)).isFalse();
    }
}
