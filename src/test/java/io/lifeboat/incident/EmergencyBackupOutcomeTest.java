package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.TaskApi;
import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.incident.IncidentRunbook.Element;
import io.lifeboat.incident.IncidentRunbook.FailedBackupAction;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertStatus;

import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_FAILURE;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_ACTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_REASON;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

/**
 * The emergency backup and its incident are two runbooks: how the backup ended reaches the incident across an async
 * boundary, so a failing incident step never fails a good backup, and a failed backup puts a decision before the
 * commander instead of an assessment as if nothing happened.
 */
@FullStackTest
class EmergencyBackupOutcomeTest {

    private static final Duration SOON = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "emergency-backup-outcome");
        registry.add("lifeboat.storage.targets.spare.type", () -> "filesystem");
        registry.add("lifeboat.storage.targets.spare.path", () -> "${lifeboat.data-dir}/spare");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    AlertCorrelator correlator;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @MockitoSpyBean
    EmergencyBackupOutcomes outcomes;

    private TaskApi api;

    @BeforeEach
    void api() {
        api = new TaskApi(http);
    }

    @Test
    void anIncidentStepThatThrowsLeavesTheBackupSucceededAndAnIncidentAtItsOwnStep() {
        doThrow(new IllegalStateException("timeline store unavailable")).when(outcomes).record(any(), any());
        try {
            String incidentId = openIncident(1, "notes", "critical");
            String processInstance = (String) api.get("commander", "/api/incidents/" + incidentId).getBody().get("processInstanceId");

            // the step fails; its retries are used up at once instead of over a minute and a half
            Job failing = await().atMost(SOON).until(() -> management.createJobQuery().processInstanceId(processInstance)
                    .withException().singleResult(), job -> job != null);
            management.setJobRetries(failing.getId(), 1);
            management.setJobDuedate(failing.getId(), null);
            Incident stuck = await().atMost(SOON).until(() -> runtime.createIncidentQuery().processInstanceId(processInstance)
                    .singleResult(), incident -> incident != null);

            assertThat(stuck.getActivityId()).isEqualTo(Element.RecordBackupOutcome.id());
            assertThat(stuck.getIncidentMessage()).contains("timeline store unavailable");
            String backupId = (String) runtime.getVariable(processInstance, BACKUP_ID.name());
            Map<String, Object> backup = api.get("operator", "/api/backups/" + backupId).getBody();
            assertThat(backup).containsEntry("status", "SUCCEEDED").containsEntry("verified", true);
            assertThat(runtime.createIncidentQuery().processInstanceId((String) backup.get("processInstanceId")).count())
                    .as("no Camunda incident in the backup runbook").isZero();
        } finally {
            reset(outcomes);
        }
    }

    @Test
    void aFailedEmergencyBackupAsksTheCommanderWhoTriesAnotherTargetThenGoesOnWithoutIt() {
        String incidentId = openIncident(2, "half-frozen", "critical");

        Map<String, Object> failed = await().atMost(SOON).until(() -> api.task("commander", incidentId), task -> task != null);
        assertThat(failed).containsEntry("taskDefinitionKey", Element.EmergencyBackupFailed.id());
        String firstBackup = (String) api.variable("commander", failed, BACKUP_ID.name());
        assertThat((String) api.variable("commander", failed, BACKUP_FAILURE.name()))
                .contains("step Quiesce", "quiesce hook of half-frozen failed");
        assertThat(api.deployedForm("commander", failed)).contains("emergency-backup-failed", "storageTargetChoices");
        // a Json variable, handed to the form's select as the JSON it is
        assertThat(api.get("commander", "/engine-rest/task/" + failed.get("id") + "/variables/storageTargetChoices?deserializeValue=false")
                .getBody()).containsEntry("type", "Json")
                .containsEntry("value", "[{\"label\":\"local\",\"value\":\"local\"},{\"label\":\"spare\",\"value\":\"spare\"}]");

        // decisions that cannot be carried out are refused, naming the field, and the task stays open
        assertThat(api.completeRefused("commander", failed, Map.of(FAILED_BACKUP_ACTION.name(), FailedBackupAction.OTHER_TARGET.value(),
                FAILED_BACKUP_TARGET.name(), "local", FAILED_BACKUP_REASON.name(), "try elsewhere")))
                .satisfies(response -> assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
                .satisfies(response -> assertThat((String) response.getBody().get("message"))
                        .contains("failedBackupTarget 'local' is the target the backup failed on"));
        assertThat(api.completeRefused("commander", failed, Map.of(FAILED_BACKUP_ACTION.name(), FailedBackupAction.CONTINUE.value())))
                .satisfies(response -> assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
                .satisfies(response -> assertThat((String) response.getBody().get("message")).contains("failedBackupReason is required"));
        assertThat(api.task("commander", incidentId)).containsEntry("id", failed.get("id"));

        api.complete("commander", failed, Map.of(FAILED_BACKUP_ACTION.name(), FailedBackupAction.OTHER_TARGET.value(),
                FAILED_BACKUP_TARGET.name(), "spare", FAILED_BACKUP_REASON.name(), "local disk suspect"));

        // the second backup goes to the chosen target, fails the same way, and the form starts empty this time
        Map<String, Object> again = await().atMost(SOON).until(() -> api.task("commander", incidentId),
                task -> task != null && !task.get("id").equals(failed.get("id")));
        String secondBackup = (String) api.variable("commander", again, BACKUP_ID.name());
        assertThat(secondBackup).isNotEqualTo(firstBackup);
        assertThat(api.get("operator", "/api/backups/" + secondBackup).getBody()).containsEntry("storageTarget", "spare")
                .containsEntry("status", "FAILED");
        assertThat(api.get("commander", "/engine-rest/task/" + again.get("id") + "/variables/" + FAILED_BACKUP_REASON.name())
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        api.complete("commander", again, Map.of(FAILED_BACKUP_ACTION.name(), FailedBackupAction.CONTINUE.value(),
                FAILED_BACKUP_REASON.name(), "the data is on the replica; restore from there if needed"));
        Map<String, Object> assess = await().atMost(SOON).until(() -> api.task("commander", incidentId),
                task -> task != null && Element.Assess.id().equals(task.get("taskDefinitionKey")));
        assertThat(assess).isNotNull();

        List<Map<String, Object>> audit = api.getList("auditor", "/api/audit/events?subject=" + incidentId);
        assertThat(audit).extracting(event -> event.get("action") + " by " + event.get("actor")).containsSubsequence(
                "incident.emergency-backup-failed by system:incident-response", "incident.emergency-backup-retried by commander",
                "incident.emergency-backup-failed by system:incident-response", "incident.emergency-backup-waived by commander");
        assertThat(audit).filteredOn(event -> "incident.emergency-backup-waived".equals(event.get("action")))
                .singleElement().satisfies(event -> assertThat(event.get("reason")).isEqualTo(
                        "the data is on the replica; restore from there if needed"));
    }

    private String openIncident(long alertId, String service, String severity) {
        transaction.executeWithoutResult(status -> correlator.handle(alertId, new Alert("alertmanager", "fp-" + service,
                AlertStatus.FIRING, "ServiceDown", severity, service + " unreachable",
                Map.of("alertname", "ServiceDown", "service", service, "severity", severity), Map.of(), Instant.now(), null)));
        return (String) api.getList("commander", "/api/incidents?service=" + service + "&state=OPEN").get(0).get("id");
    }
}
