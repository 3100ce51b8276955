package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.FullStackTest;
import io.lifeboat.PublishedEvents;
import io.lifeboat.TaskApi;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.backup.BackupFinished;
import io.lifeboat.backup.BackupSlaBreached;
import io.lifeboat.backup.BackupSlaRestored;
import io.lifeboat.backup.BackupSlas;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.incident.IncidentMilestone.Kind;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the runbooks tell the connectors, as a connector's listener sees it (committed, in order): an incident's
 * milestones each once, its status updates rendered from the templates, edited and approved by a commander and then
 * on the timeline and in the audit trail; a failed backup with what a ticket needs; a backup SLA breach once and its
 * end with the next verified backup.
 */
@FullStackTest
@Import(PublishedEvents.class)
class DomainEventsOnH2Test {

    private static final Duration SOON = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "domain-events-h2");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    PublishedEvents events;
    @Autowired
    AlertCorrelator correlator;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    BackupSlas slas;
    private TaskApi api;

    @BeforeEach
    void api() {
        api = new TaskApi(http);
    }

    @Test
    void anIncidentsMilestonesArePublishedOnceEachAndItsStatusUpdatesAreApprovedByACommander() {
        transaction.executeWithoutResult(status -> correlator.handle(1, new Alert("alertmanager", "fp-notes", AlertStatus.FIRING,
                "NotesDown", "critical", "notes unreachable", Map.of("alertname", "NotesDown", "service", "notes"), Map.of(),
                Instant.now(), null)));
        String incidentId = (String) api.getList("commander", "/api/incidents?service=notes&state=OPEN").get(0).get("id");
        Map<String, Object> assess = await().atMost(SOON).until(() -> api.task("commander", incidentId), task -> task != null);

        assertThat(milestones(incidentId)).satisfiesExactly(
                classified -> assertThat(classified).returns(Kind.CLASSIFIED, IncidentMilestone::kind)
                        .returns(true, IncidentMilestone::pageCommander).returns("full", IncidentMilestone::backupKind)
                        .returns("notes", IncidentMilestone::service).returns(2, IncidentMilestone::tier)
                        .returns("critical", IncidentMilestone::severity).returns("NotesDown on notes", IncidentMilestone::title),
                backupDone -> assertThat(backupDone).returns(Kind.EMERGENCY_BACKUP_DONE, IncidentMilestone::kind)
                        .returns("SUCCEEDED", IncidentMilestone::outcome));

        List<Map<String, Object>> updates = await().atMost(SOON).until(() -> api.statusUpdates("commander", incidentId),
                tasks -> tasks.size() == 2);
        Map<String, Object> classifiedUpdate = updates.get(0);
        assertThat(classifiedUpdate).containsEntry("name", "Approve status update " + incidentId + " (classified)");
        assertThat(api.deployedForm("commander", classifiedUpdate)).contains("status-update-approval", "\"key\": \"statusText\"",
                "\"key\": \"customerVisible\"", "\"maxLength\": 2000");
        assertThat((String) api.variable("commander", classifiedUpdate, "statusText")).as("every placeholder filled in")
                .startsWith("**NotesDown on notes**: incident " + incidentId + ", severity critical, OPEN")
                .contains("Support notes (notes, tier 2) is affected", "Ticket vault (vault, tier 1)")
                .containsPattern("Next update by \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.")
                .doesNotContain("{{", "}}");
        assertThat((String) api.variable("commander", updates.get(1), "statusText")).contains("the emergency backup has ended");

        ResponseEntity<Map<String, Object>> empty = api.completeRefused("commander", classifiedUpdate, Map.of("statusText", " "));
        assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        String edited = "Support notes are down; we took a full backup and are on it. Next update within the hour.";
        api.complete("commander", classifiedUpdate, Map.of("statusText", edited, "customerVisible", true));

        await().atMost(SOON).until(() -> !events.of(StatusUpdateApproved.class).isEmpty());
        assertThat(events.of(StatusUpdateApproved.class)).containsExactly(
                new StatusUpdateApproved(incidentId, "notes", "classified", edited, true, "commander"));
        assertThat(timeline(incidentId)).filteredOn(entry -> "status-update".equals(entry.get("kind")))
                .extracting(entry -> entry.get("actor") + ": " + entry.get("text"))
                .containsExactly("commander: status update (classified, customer-visible) sent: " + edited);
        assertThat(api.getList("auditor", "/api/audit/events?subject=" + incidentId))
                .filteredOn(event -> "status-update.sent".equals(event.get("action")))
                .singleElement().satisfies(event -> assertThat(event).containsEntry("actor", "commander")
                        .containsEntry("detail", edited).containsEntry("reason", "classified, customer-visible"));

        api.complete("commander", assess, Map.of("assessmentNotes", "disk replaced"));
        api.complete("commander", api.task("commander", incidentId), Map.of("recoveryConfirmed", true, "recoveryNotes", "back"));
        api.complete("commander", api.task("commander", incidentId), Map.of("resolution", "failed disk replaced"));
        await().atMost(SOON).until(() -> milestones(incidentId).size() == 3);

        assertThat(milestones(incidentId)).extracting(IncidentMilestone::kind)
                .containsExactly(Kind.CLASSIFIED, Kind.EMERGENCY_BACKUP_DONE, Kind.RESOLVED);
        assertThat(milestones(incidentId).get(2)).returns("failed disk replaced", IncidentMilestone::text)
                .returns("commander", IncidentMilestone::who);
        Map<String, Object> resolvedUpdate = await().atMost(SOON).until(() -> api.statusUpdates("commander", incidentId),
                tasks -> tasks.size() == 2).get(1);
        assertThat((String) api.variable("commander", resolvedUpdate, "statusText"))
                .startsWith("**NotesDown on notes**: incident " + incidentId + " is resolved")
                .contains("is back: failed disk replaced");
    }

    @Test
    void aFailedBackupCarriesItsStepErrorAndTrigger() {
        String id = requestBackup("half-frozen");
        BackupFinished finished = await().atMost(SOON).until(() -> finished(id), found -> found != null);

        assertThat(finished).returns(BackupStatus.FAILED, BackupFinished::status).returns(BackupTrigger.MANUAL, BackupFinished::trigger)
                .returns("Quiesce", BackupFinished::failedStep).returns("half-frozen", BackupFinished::service);
        assertThat(finished.error()).contains("quiesce hook of half-frozen failed");
    }

    @Test
    void aBackupSlaBreachIsPublishedOnceAndItsEndWithTheNextVerifiedBackup() {
        String first = backedUp("wiki");
        // past the RPO of a day, and for a service without a verified backup past its next 6-hourly schedule plus that
        Instant later = Instant.now().plus(Duration.ofHours(31));

        slas.check(later);
        slas.check(later.plusSeconds(60));

        assertThat(breaches("wiki")).as("once per breach").singleElement().satisfies(breach -> assertThat(breach)
                .returns(first, BackupSlaBreached::lastVerifiedBackupId).returns(Duration.ofHours(24), BackupSlaBreached::rpo));
        assertThat(breaches("handbook")).as("a service without any verified backup").singleElement()
                .returns(null, BackupSlaBreached::lastVerifiedBackupId);
        assertThat(events.of(BackupSlaRestored.class)).filteredOn(restored -> "wiki".equals(restored.service())).isEmpty();

        String next = backedUp("wiki");

        assertThat(events.of(BackupSlaRestored.class)).filteredOn(restored -> "wiki".equals(restored.service()))
                .singleElement().returns(next, BackupSlaRestored::backupId);
        assertThat(api.getList("auditor", "/api/audit/events?subject=backup-sla/wiki"))
                .extracting(event -> event.get("action")).containsExactly("backup.sla-breached", "backup.sla-restored");
    }

    private List<IncidentMilestone> milestones(String incidentId) {
        return events.of(IncidentMilestone.class).stream().filter(milestone -> incidentId.equals(milestone.incidentId())).toList();
    }

    private List<BackupSlaBreached> breaches(String service) {
        return events.of(BackupSlaBreached.class).stream().filter(breach -> service.equals(breach.service())).toList();
    }

    private BackupFinished finished(String backupId) {
        return events.of(BackupFinished.class).stream().filter(backup -> backupId.equals(backup.backupId())).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> timeline(String incidentId) {
        return (List<Map<String, Object>>) api.get("commander", "/api/incidents/" + incidentId).getBody().get("timeline");
    }

    private String requestBackup(String service) {
        ResponseEntity<Map<String, Object>> started = http.withBasicAuth("operator", "operator").exchange("/api/backups",
                HttpMethod.POST, new HttpEntity<>(Map.of("service", service, "reason", "domain events test")),
                new ParameterizedTypeReference<>() { });
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) started.getBody().get("id");
    }

    /** A verified manual backup, finished. */
    private String backedUp(String service) {
        String id = requestBackup(service);
        await().atMost(SOON).until(() -> Boolean.TRUE.equals(api.get("operator", "/api/backups/" + id).getBody().get("verified")));
        return id;
    }
}
