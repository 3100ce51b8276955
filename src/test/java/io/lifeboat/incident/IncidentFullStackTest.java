package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;

import org.junit.jupiter.api.BeforeEach;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.TaskApi;
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
 * assess task appears in Tasklist, the last good backup from before it and the resolved alerts shown, every decision
 * on the timeline and in the audit trail under the name of whoever made it, and the post-mortem through its close.
 * Subclasses choose the database.
 */
@FullStackTest
abstract class IncidentFullStackTest {

    private static final Duration SOON = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;
    private TaskApi api;

    @BeforeEach
    void api() {
        api = new TaskApi(http);
    }
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
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAlertStormBecomesOneIncidentWithAVerifiedEmergencyBackupThenAPostMortem() {
        String before = backUpByHand("notes");
        handle(1, alert("fp-db01", AlertStatus.FIRING, "critical"));
        handle(2, alert("fp-db01", AlertStatus.FIRING, "critical"));
        handle(3, alert("fp-db02", AlertStatus.FIRING, "warning"));

        List<Map<String, Object>> open = api.getList("commander", "/api/incidents?service=notes&state=OPEN");
        assertThat(open).hasSize(1);
        String incidentId = (String) open.get(0).get("id");
        assertThat(open.get(0)).containsEntry("severity", "critical");

        Map<String, Object> assess = await().atMost(SOON).until(() -> api.task("commander", incidentId), task -> task != null);
        assertThat(assess).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Assess.id()).containsEntry("priority", 100)
                .containsEntry("name", "Assess incident " + incidentId + " notes (critical)");
        String backupId = (String) api.variable("commander", assess, "backupId");
        assertThat(api.get("commander", "/api/backups/" + backupId).getBody()).containsEntry("status", "SUCCEEDED")
                .containsEntry("verified", true).containsEntry("trigger", "emergency");
        assertThat(api.getList("commander", "/api/backups?service=notes")).hasSize(2);
        assertThat(api.task("auditor", incidentId)).as("auditors see no tasks").isNull();
        assertThat(api.deployedForm("commander", assess)).contains("assess-incident", "{{lastGoodBackup}}", "{{emergencyBackup}}",
                "{{dependents}}");
        assertThat((String) api.variable("commander", assess, "serviceLabel")).isEqualTo("Support notes (notes), tier 2");
        assertThat((String) api.variable("commander", assess, "dependents")).isEqualTo("Ticket vault (vault), tier 1");
        assertThat((String) api.variable("commander", assess, "lastGoodBackup")).as("the last good backup is the one from before the alerts")
                .startsWith(before + ", data read ").contains(" old when the incident opened; RPO 1 d, within it")
                .doesNotContain(backupId, "PT");
        assertThat((String) api.variable("commander", assess, "emergencyBackup"))
                .matches(backupId + ": SUCCEEDED, verified, \\d+(\\.\\d)? k?B, took \\d+ s, finished \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat((String) api.variable("commander", assess, "alertsSummary")).contains("NotesDown: notes unreachable [instance=db01:9187] (x2)");

        handle(4, alert("fp-db01", AlertStatus.RESOLVED, "critical"));
        handle(5, alert("fp-db02", AlertStatus.RESOLVED, "warning"));
        Map<String, Object> incident = api.get("commander", "/api/incidents/" + incidentId).getBody();
        assertThat(incident).containsEntry("allAlertsResolved", true);
        assertThat((List<Map<String, Object>>) incident.get("alerts")).hasSize(2)
                .allSatisfy(alert -> assertThat((Map<String, Object>) alert.get("labels")).containsEntry("instance", "db01:9187"));

        api.complete("commander", assess, Map.of("assessmentNotes", "disk replaced on db01"));
        api.complete("commander", api.task("commander", incidentId), Map.of("recoveryConfirmed", false, "recoveryNotes", "db01 still read-only"));
        Map<String, Object> secondAssess = api.task("commander", incidentId);
        assertThat(secondAssess).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Assess.id());
        assertThat(api.variable("commander", secondAssess, "assessmentNotes")).as("a new round starts empty").isNull();
        api.complete("commander", secondAssess, Map.of("assessmentNotes", "remounted read-write"));
        Map<String, Object> secondConfirm = api.task("commander", incidentId);
        assertThat(api.variable("commander", secondConfirm, "recoveryNotes")).as("a new round starts empty").isNull();
        api.complete("commander", secondConfirm, Map.of("recoveryConfirmed", true, "recoveryNotes", "notes answer again"));
        api.complete("commander", api.task("commander", incidentId), Map.of("resolution", "failed disk replaced"));

        await().atMost(SOON).until(() -> "RESOLVED".equals(api.get("commander", "/api/incidents/" + incidentId).getBody().get("state")));
        assertThat(audit(incidentId)).as("the commander's decisions, under their name, with their notes")
                .extracting(event -> event.get("action") + " by " + event.get("actor") + ": " + event.get("reason"))
                .containsSubsequence("incident.assessed by commander: disk replaced on db01",
                        "incident.recovery-not-confirmed by commander: db01 still read-only",
                        "incident.assessed by commander: remounted read-write",
                        "incident.recovery-confirmed by commander: notes answer again",
                        "incident.resolved by commander: failed disk replaced");

        Map<String, Object> review = await().atMost(SOON).until(() -> api.task("operator", incidentId), task -> task != null);
        assertThat(review).containsEntry("taskDefinitionKey", PostMortemRunbook.Element.BlamelessReview.id())
                .containsEntry("name", "Blameless review " + incidentId + " notes (critical)");
        assertThat(api.deployedForm("operator", review)).contains("post-mortem-review");
        assertThat((String) api.variable("operator", review, "draft")).contains("# Post-mortem " + incidentId, "Time to first backup",
                "## Timeline of alerts and decisions", "failed disk replaced", backupId);
        remindAndEscalate(incidentId, review);

        ResponseEntity<Map<String, Object>> unknownOwner = api.completeRefused("operator", review, Map.of("summary", "disk failed",
                "rootCause", "no disk health alert", "actionItemsText", "nobody-here | 2026-12-15 | Alert on disk health"));
        assertThat(unknownOwner.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) unknownOwner.getBody().get("message")).contains("'nobody-here' is neither a user nor a group");
        api.complete("operator", review, Map.of("summary", "disk failed", "rootCause", "no disk health alert",
                "actionItemsText", "approver | 2026-12-15 | Alert on disk health\noperators | 2026-12-20 | Rehearse the restore"));
        api.complete("approver", actionItem("approver", incidentId), Map.of("itemStatus", "done"));
        api.complete("operator", actionItem("operator", incidentId), Map.of("itemStatus", "deferred", "deferralReason", "needs the sandbox"));

        await().atMost(SOON).until(() -> audit(incidentId).stream().anyMatch(event -> "post-mortem.closed".equals(event.get("action"))));
        assertThat(audit(incidentId)).as("the reviewers' and owners' decisions, under their names")
                .extracting(event -> event.get("action") + " by " + event.get("actor"))
                .contains("post-mortem.reviewed by operator", "post-mortem.action-item-done by approver",
                        "post-mortem.action-item-deferred by operator", "post-mortem.escalation-answered by commander",
                        "post-mortem.closed by operator");
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) api.get("commander", "/api/incidents/" + incidentId)
                .getBody().get("timeline");
        assertThat(timeline).extracting(entry -> entry.get("kind"))
                .contains("opened", "alert", "alert-repeat", "classification", "backup", "alert-resolved", "alerts-resolved",
                        "decision", "resolved", "post-mortem");
        assertThat(timeline).filteredOn(entry -> "decision".equals(entry.get("kind")))
                .extracting(entry -> entry.get("actor")).containsOnly("commander");
        assertThat(timeline).extracting(entry -> (String) entry.get("text"))
                .contains("Not recovered yet, back to assessment: db01 still read-only", "Recovery confirmed: notes answer again",
                        "Overdue review escalation answered: agreed Friday with the notes team");
        assertThat(timeline).as("the test's Lifeboat has no connectors; the incident says so and goes on")
                .filteredOn(entry -> "connector".equals(entry.get("kind")))
                .extracting(entry -> entry.get("actor") + ": " + entry.get("text"))
                .containsExactly("system:connectors: ServiceNow not configured: no ServiceNow incident is opened",
                        "system:connectors: PagerDuty not configured: the commander is not paged");
    }

    /** The review's 48 h reminder and 72 h escalation, fired now: what they do, and the commander's answer on record. */
    private void remindAndEscalate(String incidentId, Map<String, Object> review) {
        String postMortem = (String) review.get("processInstanceId");
        management.executeJob(timer(postMortem, PostMortemRunbook.Element.ReviewReminder).getId());
        await().atMost(SOON).until(() -> ((Number) api.get("operator", "/engine-rest/task/" + review.get("id")).getBody()
                .get("priority")).intValue() == PostMortemRunbook.REMINDED_PRIORITY);
        management.executeJob(timer(postMortem, PostMortemRunbook.Element.ReviewOverdue).getId());
        Map<String, Object> escalation = await().atMost(SOON).until(() -> api.getList("commander",
                        "/engine-rest/task?taskDefinitionKey=" + PostMortemRunbook.Element.EscalateOverdueReview.id()
                                + "&processInstanceBusinessKey=" + incidentId).stream().findFirst().orElse(null),
                task -> task != null);
        api.complete("commander", escalation, Map.of("escalationNote", "agreed Friday with the notes team"));
        assertThat(audit(incidentId)).extracting(event -> event.get("action") + ": " + event.get("reason"))
                .contains("post-mortem.review-reminded: null", "post-mortem.escalation-answered: agreed Friday with the notes team");
    }

    private Job timer(String processInstanceId, PostMortemRunbook.Element boundary) {
        return management.createJobQuery().processInstanceId(processInstanceId).activityId(boundary.id()).singleResult();
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
        List<Map<String, Object>> incidents = api.getList("commander", "/api/incidents?service=slow");
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
    void anAlertForNoServiceWaitsInTriageWhereTheCommanderChoosesFromTheCatalogOrDismisses() throws JsonProcessingException {
        handle(10, new Alert("alertmanager", "fp-unknown", AlertStatus.FIRING, "DiskFull", "warning", "disk full on lab01",
                Map.of("alertname", "DiskFull", "instance", "lab01"), Map.of(), Instant.now(), null));

        Map<String, Object> incident = api.getList("commander", "/api/incidents?state=OPEN").stream()
                .filter(candidate -> candidate.get("service") == null).findFirst().orElseThrow();
        String incidentId = (String) incident.get("id");
        Map<String, Object> triage = api.task("commander", incidentId);
        assertThat(triage).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Triage.id())
                .containsEntry("name", "Triage alert " + incidentId + " (warning)");
        handle(11, new Alert("alertmanager", "fp-unknown", AlertStatus.FIRING, "DiskFull", "critical", "disk full on lab01",
                Map.of("alertname", "DiskFull", "instance", "lab01"), Map.of(), Instant.now(), null));
        assertThat(api.task("commander", incidentId)).as("the name follows the severity")
                .containsEntry("name", "Triage alert " + incidentId + " (critical)");
        assertThat(api.deployedForm("commander", triage)).contains("\"type\": \"select\"", "\"valuesKey\": \"triageChoices\"");
        // serialized, as Tasklist reads it for the select's options
        Map<String, Object> choices = (Map<String, Object>) api.get("commander", "/engine-rest/task/" + triage.get("id")
                + "/form-variables?variableNames=triageChoices&deserializeValues=false").getBody().get("triageChoices");
        assertThat(choices).containsEntry("type", "Json");
        assertThat(new ObjectMapper().readValue((String) choices.get("value"), new TypeReference<List<Map<String, Object>>>() { }))
                .contains(Map.of("label", "Support notes (notes), tier 2", "value", "notes"),
                        Map.of("label", "Not ours: dismiss", "value", IncidentRunbook.DISMISS));

        ResponseEntity<Map<String, Object>> magicWord = api.completeRefused("commander", triage, Map.of("triageService", "lab01"));
        assertThat(magicWord.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) magicWord.getBody().get("message")).contains("'lab01' is not a service of the catalog");
        api.complete("commander", triage, Map.of("triageService", IncidentRunbook.DISMISS));

        assertThat(api.get("commander", "/api/incidents/" + incidentId).getBody()).containsEntry("state", "RESOLVED");
        assertThat(audit(incidentId)).extracting(event -> event.get("action") + " by " + event.get("actor"))
                .contains("incident.dismissed by commander");
    }

    /**
     * The commander's pick on Assess goes through the real restore runbook, as the commander the engine authenticated
     * (a submitted requester counts for nothing): an in-place restore of the service waiting for another commander,
     * carrying the incident. A second pick while it waits is refused by the restore runbook; the refusal goes on the
     * timeline and the incident goes on.
     */
    @Test
    void aRestorePickedOnAssessIsAnInPlaceRestoreAwaitingAnotherCommanderAndARefusedOneGoesOnTheTimeline() throws JsonProcessingException {
        String older = backUpByHand("wiki");
        String newer = backUpByHand("wiki");
        handle(20, new Alert("alertmanager", "fp-wiki", AlertStatus.FIRING, "WikiGarbled", "warning", "pages garbled",
                Map.of("alertname", "WikiGarbled", "service", "wiki"), Map.of(), Instant.now(), null));
        String incidentId = (String) api.getList("commander", "/api/incidents?service=wiki&state=OPEN").get(0).get("id");
        Map<String, Object> assess = await().atMost(SOON).until(() -> api.task("commander", incidentId), task -> task != null);
        assertThat(assess).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Assess.id());
        assertThat(api.deployedForm("commander", assess)).contains("\"valuesKey\": \"restoreChoices\"", "\"key\": \"restoreReason\"");
        Map<String, Object> choices = (Map<String, Object>) api.get("commander", "/engine-rest/task/" + assess.get("id")
                + "/form-variables?variableNames=restoreChoices&deserializeValues=false").getBody().get("restoreChoices");
        assertThat(choices).containsEntry("type", "Json");
        List<Map<String, Object>> offered = new ObjectMapper().readValue((String) choices.get("value"), new TypeReference<>() { });
        assertThat(offered).extracting(option -> option.get("value")).as("newest first").containsExactly(newer, older);
        assertThat((String) offered.get(1).get("label"))
                .matches("data read \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, \\d+ (s|min)( \\d+ s)? old, manual: " + older);

        assertThat(api.completeRefused("commander", assess, Map.of("assessmentNotes", "garbled", "restoreBackupId", older)))
                .satisfies(refused -> assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
                .satisfies(refused -> assertThat((String) refused.getBody().get("message")).contains("restoreReason is required"));
        assertThat(api.completeRefused("commander", assess, Map.of("assessmentNotes", "garbled", "restoreBackupId", "bk-wiki-other",
                        "restoreReason", "pages garbled")))
                .satisfies(refused -> assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
                .satisfies(refused -> assertThat((String) refused.getBody().get("message"))
                        .contains("restoreBackupId 'bk-wiki-other' is not one of the last verified backups of wiki offered"));
        api.complete("commander", assess, Map.of("assessmentNotes", "the 03:00 import garbled the pages", "restoreBackupId", older,
                "restoreReason", "pages garbled since the import", "restoreRequestedBy", "approver"));

        Map<String, Object> restore = await().atMost(SOON).until(() -> api.getList("commander", "/api/restores?service=wiki"),
                restores -> !restores.isEmpty()).get(0);
        assertThat(restore).containsEntry("state", "AWAITING_APPROVAL").containsEntry("mode", "in-place")
                .containsEntry("backupId", older).containsEntry("incidentId", incidentId)
                .containsEntry("requestedBy", "commander").containsEntry("reason", "pages garbled since the import");
        Map<String, Object> approval = api.getList("commander", "/engine-rest/task?processInstanceId=" + restore.get("processInstanceId")).get(0);
        assertThat(api.completeRefused("commander", approval, Map.of("approved", true)).getStatusCode())
                .as("the commander who asked cannot approve it").isEqualTo(HttpStatus.FORBIDDEN);

        Map<String, Object> confirm = await().atMost(SOON).until(() -> api.task("commander", incidentId),
                task -> task != null && IncidentRunbook.Element.ConfirmRecovery.id().equals(task.get("taskDefinitionKey")));
        assertThat(api.variable("commander", confirm, "restoreBackupId")).as("the form starts without Assess's pick").isNull();
        api.complete("commander", confirm, Map.of("recoveryConfirmed", false, "restoreBackupId", newer,
                "restoreReason", "try the newer one"));
        await().atMost(SOON).until(() -> api.task("commander", incidentId),
                task -> task != null && IncidentRunbook.Element.Assess.id().equals(task.get("taskDefinitionKey")));

        assertThat(api.getList("commander", "/api/restores?service=wiki")).hasSize(1);
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) api.get("commander", "/api/incidents/" + incidentId)
                .getBody().get("timeline");
        assertThat(timeline).filteredOn(entry -> "restore".equals(entry.get("kind")))
                .extracting(entry -> entry.get("actor") + ": " + entry.get("text")).satisfiesExactly(
                        requested -> assertThat(requested).isEqualTo("commander: restore of wiki in place from " + older
                                + " requested: restore " + restore.get("id") + ", waiting for another commander's approval"
                                + " (Approve restore in Tasklist); reason: pages garbled since the import"),
                        refused -> assertThat(refused).startsWith("commander: restore of wiki in place from " + newer
                                + " refused (409 restore running): restore " + restore.get("id") + " of wiki is still open"));
        assertThat(audit(incidentId)).extracting(event -> event.get("action") + " by " + event.get("actor"))
                .containsSubsequence("incident.assessed by commander", "incident.restore-requested by commander",
                        "incident.recovery-not-confirmed by commander", "incident.restore-refused by commander");
    }

    /** A verified manual backup, finished: the last good backup before an incident opened next. */
    private String backUpByHand(String service) {
        ResponseEntity<Map<String, Object>> started = http.withBasicAuth("operator", "operator").exchange("/api/backups",
                HttpMethod.POST, new HttpEntity<>(Map.of("service", service, "reason", "before the storm")),
                new ParameterizedTypeReference<>() { });
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) started.getBody().get("id");
        await().atMost(SOON).until(() -> Boolean.TRUE.equals(api.get("operator", "/api/backups/" + id).getBody().get("verified")));
        return id;
    }

    private List<Map<String, Object>> audit(String incidentId) {
        return api.getList("auditor", "/api/audit/events?subject=" + incidentId);
    }

    /** An action item offered to the user, assigned to them or to one of their groups. */
    private Map<String, Object> actionItem(String user, String incidentId) {
        return api.getList(user, "/engine-rest/task?taskDefinitionKey=" + PostMortemRunbook.Element.TrackActionItem.id()
                + "&processInstanceBusinessKey=" + incidentId).stream().findFirst().orElseThrow();
    }

    private void handle(long id, Alert alert) {
        transaction.executeWithoutResult(status -> correlator.handle(id, alert));
    }

    private static Alert alert(String fingerprint, AlertStatus status, String severity) {
        return new Alert("alertmanager", fingerprint, status, "NotesDown", severity, "notes unreachable",
                Map.of("alertname", "NotesDown", "service", "notes", "severity", severity, "instance", "db01:9187"), Map.of(),
                Instant.parse("2026-11-22T01:02:23Z"), status == AlertStatus.RESOLVED ? Instant.now() : null);
    }
}
