package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.RuntimeService;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.FullStackTest;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertInboxProcessor;
import io.lifeboat.intake.AlertIntake;
import io.lifeboat.intake.AlertStatus;
import io.lifeboat.intake.StuckAlerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An alert storm on one service, as the commander lives it: one incident, one verified emergency backup before the
 * assess task appears in Tasklist, the resolved alerts shown, decisions on the timeline, and the post-mortem opened.
 * Subclasses choose the database.
 */
@FullStackTest
abstract class IncidentFullStackTest {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;
    @Autowired
    AlertCorrelator correlator;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    AlertIntake intake;
    @Autowired
    AlertInboxProcessor processor;
    @Autowired
    StuckAlerts stuck;
    @Autowired
    IncidentRepository repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAlertStormBecomesOneIncidentWithAVerifiedEmergencyBackupThenAPostMortem() {
        handle(1, alert("fp-db01", AlertStatus.FIRING, "critical"));
        handle(2, alert("fp-db01", AlertStatus.FIRING, "critical"));
        handle(3, alert("fp-db02", AlertStatus.FIRING, "warning"));

        List<Map<String, Object>> open = getList("commander", "/api/incidents?service=notes&state=OPEN");
        assertThat(open).hasSize(1);
        String incidentId = (String) open.get(0).get("id");
        assertThat(open.get(0)).containsEntry("severity", "critical");

        Map<String, Object> assess = await().atMost(SOON).until(() -> task("commander", incidentId), task -> task != null);
        assertThat(assess).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Assess.id()).containsEntry("priority", 100);
        String backupId = (String) variable("commander", assess, "backupId");
        assertThat(get("commander", "/api/backups/" + backupId).getBody()).containsEntry("status", "SUCCEEDED")
                .containsEntry("verified", true).containsEntry("trigger", "emergency");
        assertThat(getList("commander", "/api/backups?service=notes")).hasSize(1);
        assertThat(task("auditor", incidentId)).as("auditors see no tasks").isNull();
        assertThat(deployedForm("commander", assess)).contains("assess-incident", "lastGoodBackup", "dependents");

        handle(4, alert("fp-db01", AlertStatus.RESOLVED, "critical"));
        handle(5, alert("fp-db02", AlertStatus.RESOLVED, "warning"));
        Map<String, Object> incident = get("commander", "/api/incidents/" + incidentId).getBody();
        assertThat(incident).containsEntry("allAlertsResolved", true);
        assertThat((List<?>) incident.get("alerts")).hasSize(2);

        complete("commander", assess, Map.of("assessmentNotes", "disk replaced on db01"));
        complete("commander", task("commander", incidentId), Map.of("recoveryConfirmed", true));
        complete("commander", task("commander", incidentId), Map.of("resolution", "failed disk replaced"));

        await().atMost(SOON).until(() -> "RESOLVED".equals(get("commander", "/api/incidents/" + incidentId).getBody().get("state")));
        Map<String, Object> review = await().atMost(SOON).until(() -> task("operator", incidentId), task -> task != null);
        assertThat(review).containsEntry("taskDefinitionKey", PostMortemRunbook.Element.BlamelessReview.id());
        assertThat(deployedForm("operator", review)).contains("post-mortem-review");
        assertThat((String) variable("operator", review, "draft")).contains("# Post-mortem " + incidentId, "Time to first backup",
                "## Timeline of alerts and decisions", "failed disk replaced", backupId);
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) get("commander", "/api/incidents/" + incidentId)
                .getBody().get("timeline");
        assertThat(timeline).extracting(entry -> entry.get("kind"))
                .contains("opened", "alert", "alert-repeat", "classification", "backup", "alert-resolved", "alerts-resolved",
                        "decision", "resolved");
        assertThat(timeline).filteredOn(entry -> "decision".equals(entry.get("kind")))
                .extracting(entry -> entry.get("actor")).containsOnly("commander");
    }

    /**
     * The "alert storms never stop intake": 10,000 distinct alerts on one service ({@link #stormAlerts}),
     * stored by the intake in Alertmanager-sized requests and handed over by the real inbox processor, make one
     * incident that counts them all, none failing; the forms' summary stays a few lines. Info alerts on a tier-3
     * service ask for no backup.
     */
    /** How many distinct alerts the storm brings. */
    int stormAlerts() {
        return 10_000;
    }

    @Test
    void tenThousandDistinctAlertsOnOneServiceAreOneIncidentWithEveryAlertCountedAndNoneFailing() {
        int storm = stormAlerts();
        for (int first = 0; first < storm; first += 1_000) {
            intake.accept(IntStream.range(first, first + 1_000).mapToObj(n -> new Alert("alertmanager", "storm-" + n,
                    AlertStatus.FIRING, "DiskSlow", "info", "disk slow on node " + n,
                    Map.of("alertname", "DiskSlow", "service", "slow", "instance", "node-" + n), Map.of(), Instant.now(), null))
                    .toList());
        }

        await().atMost(Duration.ofMinutes(3)).until(() -> {
            processor.processPending();
            return unprocessed("slow") == 0;
        });

        assertThat(stuck.failing()).as("failing alerts").filteredOn(alert -> "slow".equals(alert.service())).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from alert_inbox where service = 'slow' and attempts <> 1",
                Integer.class)).as("alerts that needed more than one attempt").isZero();
        List<Map<String, Object>> incidents = getList("commander", "/api/incidents?service=slow");
        assertThat(incidents).hasSize(1);
        String incidentId = (String) incidents.get(0).get("id");
        assertThat(repository.alertCounts(incidentId)).isEqualTo(new IncidentRepository.AlertCounts(storm, storm));
        assertThat(jdbc.queryForObject("select count(*) from incident_alert where incident_id = ?", Integer.class, incidentId))
                .isEqualTo(storm);

        String summary = (String) runtime.getVariable((String) incidents.get(0).get("processInstanceId"),
                IncidentRunbook.Variables.ALERTS_SUMMARY.name());
        assertThat(summary).startsWith(storm + " alerts: " + storm + " firing, 0 resolved; the newest 5").hasSizeLessThan(4_000)
                .contains("disk slow on node " + (storm - 1)).doesNotContain("disk slow on node " + (storm - 6));
        assertThat(summary.lines()).hasSize(1 + IncidentService.ALERTS_SHOWN);
    }

    private int unprocessed(String service) {
        return jdbc.queryForObject("select count(*) from alert_inbox where service = ? and processed_at is null",
                Integer.class, service);
    }

    @Test
    void anAlertForNoServiceWaitsInTriageForCommanders() {
        handle(10, new Alert("alertmanager", "fp-unknown", AlertStatus.FIRING, "DiskFull", "warning", "disk full on lab01",
                Map.of("alertname", "DiskFull", "instance", "lab01"), Map.of(), Instant.now(), null));

        Map<String, Object> incident = getList("commander", "/api/incidents?state=OPEN").stream()
                .filter(candidate -> candidate.get("service") == null).findFirst().orElseThrow();
        Map<String, Object> triage = task("commander", (String) incident.get("id"));
        assertThat(triage).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Triage.id());
    }

    private void handle(long id, Alert alert) {
        transaction.executeWithoutResult(status -> correlator.handle(id, alert));
    }

    private static Alert alert(String fingerprint, AlertStatus status, String severity) {
        return new Alert("alertmanager", fingerprint, status, "NotesDown", severity, "notes unreachable",
                Map.of("alertname", "NotesDown", "service", "notes", "severity", severity), Map.of(),
                Instant.parse("2026-11-22T01:02:23Z"), status == AlertStatus.RESOLVED ? Instant.now() : null);
    }

    private Map<String, Object> task(String user, String incidentId) {
        List<Map<String, Object>> tasks = getList(user, "/engine-rest/task?processInstanceBusinessKey=" + incidentId);
        return tasks.isEmpty() ? null : tasks.get(0);
    }

    /** The Camunda Form Tasklist renders for the task, as deployed with the runbook. */
    private String deployedForm(String user, Map<String, Object> task) {
        ResponseEntity<String> form = http.withBasicAuth(user, user).getForEntity("/engine-rest/task/" + task.get("id")
                + "/deployed-form", String.class);
        assertThat(form.getStatusCode()).as(form.getBody()).isEqualTo(HttpStatus.OK);
        return form.getBody();
    }

    private Object variable(String user, Map<String, Object> task, String name) {
        return get(user, "/engine-rest/task/" + task.get("id") + "/variables/" + name).getBody().get("value");
    }

    private void complete(String user, Map<String, Object> task, Map<String, Object> variables) {
        Map<String, Object> body = Map.of("variables", variables.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> Map.of("value", entry.getValue()))));
        ResponseEntity<String> response = http.withBasicAuth(user, user).exchange("/engine-rest/task/" + task.get("id") + "/complete",
                HttpMethod.POST, new HttpEntity<>(body), String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    private ResponseEntity<Map<String, Object>> get(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }

    private List<Map<String, Object>> getList(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }
}
