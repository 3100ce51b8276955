package io.lifeboat.incident;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.ProcessTestEngine;

import io.lifeboat.incident.IncidentRunbook.FailedBackupAction;
import io.lifeboat.security.Roles;

import static io.lifeboat.incident.IncidentRunbook.Element.Assess;
import static io.lifeboat.incident.IncidentRunbook.Element.AssignService;
import static io.lifeboat.incident.IncidentRunbook.Element.ConfirmRecovery;
import static io.lifeboat.incident.IncidentRunbook.Element.EmergencyBackupFailed;
import static io.lifeboat.incident.IncidentRunbook.Element.HandleOverdueBackup;
import static io.lifeboat.incident.IncidentRunbook.Element.IncidentDismissed;
import static io.lifeboat.incident.IncidentRunbook.Element.IncidentResolved;
import static io.lifeboat.incident.IncidentRunbook.Element.OverdueHandled;
import static io.lifeboat.incident.IncidentRunbook.Element.PrepareAssessment;
import static io.lifeboat.incident.IncidentRunbook.Element.RecordBackupOutcome;
import static io.lifeboat.incident.IncidentRunbook.Element.RecordBackupOverdue;
import static io.lifeboat.incident.IncidentRunbook.Element.RequestRestoreOnAssess;
import static io.lifeboat.incident.IncidentRunbook.Element.RequestRestoreOnConfirm;
import static io.lifeboat.incident.IncidentRunbook.Element.Resolve;
import static io.lifeboat.incident.IncidentRunbook.Element.ResolveIncident;
import static io.lifeboat.incident.IncidentRunbook.Element.StartEmergencyBackup;
import static io.lifeboat.incident.IncidentRunbook.Element.Triage;
import static io.lifeboat.incident.IncidentRunbook.Element.WaitForBackup;
import static io.lifeboat.incident.IncidentRunbook.MESSAGE_BACKUP_FINISHED;
import static io.lifeboat.incident.IncidentRunbook.Variables.ASSESSMENT_NOTES;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_FINISHED;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_KIND;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_STATUS;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_ACTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.OVERDUE_ACTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.PAGE_COMMANDER;
import static io.lifeboat.incident.IncidentRunbook.Variables.PROPOSE_CONTINUITY;
import static io.lifeboat.incident.IncidentRunbook.Variables.RECOVERY_CONFIRMED;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESOLUTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_REASON;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_REQUESTED_BY;
import static io.lifeboat.incident.IncidentRunbook.Variables.RPO_BUDGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SEVERITY;
import static io.lifeboat.incident.IncidentRunbook.Variables.TIER;
import static io.lifeboat.incident.IncidentRunbook.Variables.TRIAGE_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Every path of the {@code incident-response} runbook on the engine alone, with the real classification table;
 * the delegates are stand-ins that record what ran.
 */
@Deployment(resources = {"processes/incident-response.bpmn", "processes/incident-classification.dmn"})
class IncidentRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();
    /** What the emergency backup stand-in finds: a backup still running, or one already over. */
    private boolean backupAlreadyOver;
    /** How the emergency backups end, one after the other, as RecordBackupOutcome's stand-in reads them. */
    private final List<String> backupOutcomes = new ArrayList<>(List.of("SUCCEEDED"));

    @BeforeEach
    void registerDelegates() {
        record("recordDismissal");
        Mocks.register("assignService", (JavaDelegate) execution -> {
            ran.add("assignService");
            SERVICE_ID.set(execution, TRIAGE_SERVICE.from(execution));
            TIER.set(execution, 1);
        });
        Mocks.register("recordClassification", (JavaDelegate) execution -> ran.add("recordClassification:"
                + BACKUP_KIND.from(execution) + ":" + PAGE_COMMANDER.from(execution) + ":" + PROPOSE_CONTINUITY.from(execution)));
        Mocks.register("startEmergencyBackup", (JavaDelegate) execution -> {
            ran.add("startEmergencyBackup");
            BACKUP_ID.set(execution, "bk-ticket-db-1");
            BACKUP_STATUS.set(execution, backupAlreadyOver ? "SUCCEEDED" : "RUNNING");
            BACKUP_FINISHED.set(execution, backupAlreadyOver);
            RPO_BUDGET.set(execution, "PT1H");
        });
        Mocks.register("recordBackupOutcome", (JavaDelegate) execution -> {
            String outcome = backupOutcomes.size() > 1 ? backupOutcomes.remove(0) : backupOutcomes.get(0);
            ran.add("recordBackupOutcome:" + outcome);
            BACKUP_STATUS.set(execution, outcome);
        });
        Mocks.register("decideFailedBackup", (TaskListener) task -> ran.add("decideFailedBackup:" + FAILED_BACKUP_ACTION.from(task)));
        record("recordBackupOverdue");
        record("prepareAssessment");
        record("resolveIncident");
        Mocks.register("recordDecision", (TaskListener) task -> ran.add("decision:" + task.getTaskDefinitionKey()));
        Mocks.register("offerRestore", (TaskListener) task -> ran.add("offerRestore:" + task.getTaskDefinitionKey()));
        // as the real listener: a picked backup makes the completing commander the restore's requester, no pick nobody
        Mocks.register("decideRestore", (TaskListener) task -> RESTORE_REQUESTED_BY.set(task,
                RESTORE_BACKUP_ID.optionalFrom(task).map(picked -> "commander").orElse(null)));
        Mocks.register("requestRestore", (JavaDelegate) execution -> ran.add("requestRestore:" + RESTORE_BACKUP_ID.from(execution)
                + ":" + RESTORE_REQUESTED_BY.from(execution)));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    @Test
    void warningOnALessCriticalServiceGoesStraightToTheCommander() {
        ProcessInstance incident = open("knowledge-base", 2, "warning");

        assertThat(incident).isWaitingAt(Assess.id()).hasNotPassed(StartEmergencyBackup.id());
        assertThat(ran).contains("recordClassification:none:false:false");
        assertThat(incident).task().hasCandidateGroup("commanders");
        resolveAfterAssessment(incident);

        assertThat(incident).isEnded().hasPassedInOrder(PrepareAssessment.id(), Assess.id(), ConfirmRecovery.id(), Resolve.id(),
                ResolveIncident.id(), IncidentResolved.id());
        assertThat(incident).as("no backup picked: no restore").hasNotPassed(RequestRestoreOnAssess.id(), RequestRestoreOnConfirm.id());
        assertThat(ran).containsSubsequence("decision:Assess", "decision:ConfirmRecovery", "decision:Resolve", "resolveIncident");
    }

    @Test
    void criticalTier1IncidentWaitsForItsVerifiedEmergencyBackupBeforeTheCommanderAssesses() {
        ProcessInstance incident = open("ticket-db", 1, "critical");

        assertThat(ran).contains("recordClassification:full:true:true");
        assertThat(incident).isWaitingAt(StartEmergencyBackup.id());
        execute(job(incident));
        assertThat(incident).isWaitingAt(WaitForBackup.id());

        runtimeService().createMessageCorrelation(MESSAGE_BACKUP_FINISHED).processInstanceVariableEquals(BACKUP_ID.name(), "bk-ticket-db-1")
                .correlate();

        // the backup's transaction only wakes the wait: what the incident does next is its own job
        assertThat(incident).isWaitingAt(WaitForBackup.id());
        execute(job(incident));
        assertThat(incident).isWaitingAt(RecordBackupOutcome.id());
        execute(job(incident));

        assertThat(incident).isWaitingAt(Assess.id()).variables().containsEntry(BACKUP_STATUS.name(), "SUCCEEDED");
        assertThat(incident).hasPassedInOrder(StartEmergencyBackup.id(), WaitForBackup.id(), RecordBackupOutcome.id(),
                PrepareAssessment.id());
        assertThat(task(incident).getPriority()).isEqualTo(100);
    }

    @Test
    void aFailedEmergencyBackupAsksTheCommanderWhoRetriesItThenGoesOnWithoutIt() {
        backupAlreadyOver = true;
        backupOutcomes.clear();
        backupOutcomes.addAll(List.of("FAILED", "FAILED"));
        ProcessInstance incident = open("ticket-db", 1, "critical");
        execute(job(incident)); // start
        execute(job(incident)); // record its outcome

        assertThat(incident).isWaitingAt(EmergencyBackupFailed.id()).hasNotPassed(PrepareAssessment.id());
        assertThat(task(incident)).hasCandidateGroup(Roles.COMMANDERS);
        assertThat(task(incident).getPriority()).isEqualTo(100);
        complete(task(incident), withVariables(FAILED_BACKUP_ACTION.name(), FailedBackupAction.OTHER_TARGET.value()));

        assertThat(incident).isWaitingAt(StartEmergencyBackup.id());
        execute(job(incident));
        execute(job(incident));
        assertThat(incident).isWaitingAt(EmergencyBackupFailed.id());
        complete(task(incident), withVariables(FAILED_BACKUP_ACTION.name(), FailedBackupAction.CONTINUE.value()));

        assertThat(incident).isWaitingAt(Assess.id());
        assertThat(ran).containsSubsequence("startEmergencyBackup", "recordBackupOutcome:FAILED", "decideFailedBackup:other-target",
                "startEmergencyBackup", "recordBackupOutcome:FAILED", "decideFailedBackup:continue", "prepareAssessment");
    }

    @Test
    void aBackupAlreadyOverIsNotWaitedFor() {
        backupAlreadyOver = true;
        ProcessInstance incident = open("ticket-db", 1, "error");
        execute(job(incident));
        execute(job(incident));

        assertThat(incident).isWaitingAt(Assess.id()).hasPassed(RecordBackupOutcome.id()).hasNotPassed(WaitForBackup.id());
    }

    @Test
    void anEmergencyBackupOutlastingTheRpoCallsInOperatorsWhileTheIncidentWaits() {
        ProcessInstance incident = open("ticket-db", 1, "critical");
        execute(job(incident));
        assertThat(incident).isWaitingAt(WaitForBackup.id());

        execute(job(incident));

        assertThat(incident).isWaitingAt(WaitForBackup.id(), HandleOverdueBackup.id()).hasPassed(RecordBackupOverdue.id());
        assertThat(task(HandleOverdueBackup.id(), incident)).hasCandidateGroup("operators");
        complete(task(HandleOverdueBackup.id(), incident), withVariables(OVERDUE_ACTION.name(), "restarted the agent host"));
        assertThat(incident).hasPassed(OverdueHandled.id()).isWaitingAt(WaitForBackup.id());

        runtimeService().createMessageCorrelation(MESSAGE_BACKUP_FINISHED).processInstanceVariableEquals(BACKUP_ID.name(), "bk-ticket-db-1")
                .correlate();
        execute(job(incident));
        execute(job(incident));
        assertThat(incident).isWaitingAt(Assess.id());
        assertThat(ran).containsSubsequence("recordBackupOverdue", "decision:HandleOverdueBackup", "prepareAssessment");
    }

    @Test
    void anAlertMatchingNoServiceIsTriagedToAServiceThenClassified() {
        ProcessInstance incident = open(null, null, "critical");

        assertThat(incident).isWaitingAt(Triage.id()).task().hasCandidateGroup("commanders");
        complete(task(incident), withVariables(TRIAGE_SERVICE.name(), "ticket-db"));

        assertThat(incident).hasPassed(AssignService.id()).isWaitingAt(StartEmergencyBackup.id());
        assertThat(ran).containsSubsequence("decision:Triage", "assignService", "recordClassification:full:true:true");
    }

    @Test
    void aTriagedAlertCanBeDismissed() {
        ProcessInstance incident = open(null, null, "warning");

        complete(task(incident), withVariables(TRIAGE_SERVICE.name(), IncidentRunbook.DISMISS));

        assertThat(incident).isEnded().hasPassed(IncidentDismissed.id()).hasNotPassed(AssignService.id());
        assertThat(ran).containsSubsequence("decision:Triage", "recordDismissal");
    }

    @Test
    void everyCommanderTaskIsNamedForItsIncidentServiceAndSeveritySoTwoIncidentsCanBeToldApart() {
        ProcessInstance wiki = open("INC-wiki", "knowledge-base", 2, "warning");
        ProcessInstance chat = open("INC-chat", "chat-log", 3, "info");
        ProcessInstance unmatched = open("INC-lab", null, null, "critical");

        assertThat(task(wiki).getName()).isEqualTo("Assess incident INC-wiki knowledge-base (warning)");
        assertThat(task(chat).getName()).isEqualTo("Assess incident INC-chat chat-log (info)");
        assertThat(task(unmatched).getName()).isEqualTo("Triage alert INC-lab (critical)");

        complete(task(wiki), withVariables(ASSESSMENT_NOTES.name(), "restarting the wiki"));
        assertThat(task(wiki).getName()).isEqualTo("Confirm recovery INC-wiki knowledge-base (warning)");
        complete(task(wiki), withVariables(RECOVERY_CONFIRMED.name(), true));
        assertThat(task(wiki).getName()).isEqualTo("Resolve incident INC-wiki knowledge-base (warning)");
    }

    @Test
    void aRestorePickedOnAssessOrConfirmRecoveryIsRequestedAfterAnAsyncBoundaryAndTheIncidentGoesOn() {
        ProcessInstance incident = open("knowledge-base", 2, "warning");
        assertThat(ran).contains("offerRestore:Assess");

        complete(task(incident), withVariables(ASSESSMENT_NOTES.name(), "articles corrupted", RESTORE_BACKUP_ID.name(), "bk-kb-1",
                RESTORE_REASON.name(), "corrupted by the migration"));

        assertThat(incident).isWaitingAt(RequestRestoreOnAssess.id());
        execute(job(incident));
        assertThat(incident).isWaitingAt(ConfirmRecovery.id());
        assertThat(ran).containsSubsequence("decision:Assess", "requestRestore:bk-kb-1:commander", "offerRestore:ConfirmRecovery");

        complete(task(incident), withVariables(RECOVERY_CONFIRMED.name(), false, RESTORE_BACKUP_ID.name(), "bk-kb-0",
                RESTORE_REASON.name(), "bk-kb-1 holds the corruption too"));
        assertThat(incident).isWaitingAt(RequestRestoreOnConfirm.id());
        execute(job(incident));

        assertThat(incident).isWaitingAt(Assess.id());
        assertThat(ran).containsSubsequence("decision:ConfirmRecovery", "requestRestore:bk-kb-0:commander", "prepareAssessment");
    }

    @Test
    void anUnconfirmedRecoveryGoesBackToAssessment() {
        ProcessInstance incident = open("knowledge-base", 2, "info");
        complete(task(incident), withVariables(ASSESSMENT_NOTES.name(), "restarting the wiki"));

        complete(task(incident), withVariables(RECOVERY_CONFIRMED.name(), false));

        assertThat(incident).isWaitingAt(Assess.id());
        assertThat(ran.stream().filter("prepareAssessment"::equals).count()).isEqualTo(2);
    }

    private ProcessInstance open(String serviceId, Integer tier, String severity) {
        return open("INC-test", serviceId, tier, severity);
    }

    private ProcessInstance open(String incidentId, String serviceId, Integer tier, String severity) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(INCIDENT_ID.name(), incidentId);
        variables.put(SERVICE_ID.name(), serviceId);
        variables.put(TIER.name(), tier);
        variables.put(SEVERITY.name(), severity);
        return runtimeService().startProcessInstanceByKey(IncidentRunbook.KEY, incidentId, variables);
    }

    private static void resolveAfterAssessment(ProcessInstance incident) {
        complete(task(incident), withVariables(ASSESSMENT_NOTES.name(), "wiki restarted"));
        assertThat(incident).isWaitingAt(ConfirmRecovery.id());
        complete(task(incident), withVariables(RECOVERY_CONFIRMED.name(), true));
        assertThat(incident).isWaitingAt(Resolve.id());
        complete(task(incident), withVariables(RESOLUTION.name(), "restarted the wiki pods"));
        assertThat(incident).isWaitingAt(ResolveIncident.id());
        execute(job(incident));
    }

    private void record(String beanName) {
        Mocks.register(beanName, (JavaDelegate) execution -> ran.add(beanName));
    }
}
