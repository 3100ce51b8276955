package io.lifeboat.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.ProcessTestEngine;
import io.lifeboat.TestWorker;
import io.lifeboat.backup.BackupRunbook.Blackout;

import static io.lifeboat.backup.BackupRunbook.ERROR_AGENT_FAILED;
import static io.lifeboat.backup.BackupRunbook.ERROR_BACKUP_RUNNING;
import static io.lifeboat.backup.BackupRunbook.ERROR_INSUFFICIENT_CAPACITY;
import static io.lifeboat.backup.BackupRunbook.ERROR_QUIESCE_FAILED;
import static io.lifeboat.backup.BackupRunbook.ERROR_UNHEALTHY;
import static io.lifeboat.backup.BackupRunbook.ERROR_VERIFICATION_FAILED;
import static io.lifeboat.backup.BackupRunbook.Element.AuditBackup;
import static io.lifeboat.backup.BackupRunbook.Element.BackupFailed;
import static io.lifeboat.backup.BackupRunbook.Element.BackupSucceeded;
import static io.lifeboat.backup.BackupRunbook.Element.CheckCapacity;
import static io.lifeboat.backup.BackupRunbook.Element.ClaimService;
import static io.lifeboat.backup.BackupRunbook.Element.HealthCheck;
import static io.lifeboat.backup.BackupRunbook.Element.Quiesce;
import static io.lifeboat.backup.BackupRunbook.Element.RecordBackup;
import static io.lifeboat.backup.BackupRunbook.Element.RecordFailure;
import static io.lifeboat.backup.BackupRunbook.Element.RecordRefusal;
import static io.lifeboat.backup.BackupRunbook.Element.RecordSkip;
import static io.lifeboat.backup.BackupRunbook.Element.RefusedInBlackout;
import static io.lifeboat.backup.BackupRunbook.Element.ResolvePolicy;
import static io.lifeboat.backup.BackupRunbook.Element.RunAgent;
import static io.lifeboat.backup.BackupRunbook.Element.SkippedAlreadyRunning;
import static io.lifeboat.backup.BackupRunbook.Element.FailedWhileFrozen;
import static io.lifeboat.backup.BackupRunbook.Element.Thaw;
import static io.lifeboat.backup.BackupRunbook.Element.ThawAfterFailure;
import static io.lifeboat.backup.BackupRunbook.Element.Verify;
import static io.lifeboat.backup.BackupRunbook.Element.WaitForBlackoutEnd;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT_ENDS_AT;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT_WINDOW;
import static io.lifeboat.backup.BackupRunbook.Variables.FAILURE_CODE;
import static io.lifeboat.backup.BackupRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.backup.BackupRunbook.Variables.HOOK;
import static io.lifeboat.backup.BackupRunbook.Variables.INITIATOR;
import static io.lifeboat.backup.BackupRunbook.Variables.REASON;
import static io.lifeboat.backup.BackupRunbook.Variables.REFUSAL;
import static io.lifeboat.backup.BackupRunbook.Variables.RUNNING_BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Every path of the {@code backup} runbook, on the engine alone: the delegates are stand-ins registered by their
 * bean names that record what ran, so each test reads like the diagram. The real delegates run in the full-stack tests.
 */
@Deployment(resources = "processes/backup.bpmn")
class BackupRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    /** Which delegate ran, in order ({@code runHook} records the hook it ran). */
    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void registerDelegates() {
        policy(Blackout.NONE);
        record("recordRefusal");
        record("claimService");
        record("recordSkip");
        record("checkCapacity");
        Mocks.register("runHook", (JavaDelegate) execution -> ran.add(HOOK.from(execution)));
        record("recordBackup");
        record("auditBackup");
        record("recordFailure");
        listener("recordDataCaptured");
        listener("recordArtifacts");
        listener("recordVerifications");
        listener("releaseServiceClaim");
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    @Test
    void backsUpVerifiesRecordsAndAudits() {
        ProcessInstance backup = start("manual");

        assertThat(backup).isWaitingAt(CheckCapacity.id());
        runUntilAgent(backup);
        complete(externalTask(backup));
        assertThat(backup).isWaitingAt(Thaw.id());
        execute(job(backup));
        assertThat(backup).isWaitingAt(Verify.id()).externalTask().hasTopicName(BackupRunbook.TOPIC_VERIFY);
        complete(externalTask(backup));
        assertThat(backup).isWaitingAt(RecordBackup.id());
        execute(job(backup));
        assertThat(backup).isWaitingAt(AuditBackup.id());
        execute(job(backup));

        assertThat(backup).isEnded().hasPassedInOrder(ResolvePolicy.id(), ClaimService.id(), CheckCapacity.id(),
                HealthCheck.id(), Quiesce.id(), RunAgent.id(), Thaw.id(), Verify.id(), RecordBackup.id(), AuditBackup.id(),
                BackupSucceeded.id());
        assertThat(ran).containsExactly("claimService", "checkCapacity", "healthCheck", "quiesce", "recordDataCaptured",
                "recordArtifacts", "thaw",
                "recordVerifications", "recordBackup", "auditBackup", "releaseServiceClaim");
    }

    @Test
    void agentFailureStillThawsThenRecordsTheFailure() {
        ProcessInstance backup = start("manual");
        runUntilAgent(backup);

        TestWorker.throwBpmnError(backup, ERROR_AGENT_FAILED, "agent failed: restic exit 3", Map.of());
        assertThat(backup).isWaitingAt(ThawAfterFailure.id());
        execute(job(backup));
        assertThat(backup).isWaitingAt(RecordFailure.id()).variables()
                .containsEntry(FAILURE_REASON.name(), "agent failed: restic exit 3")
                .containsEntry(FAILURE_CODE.name(), ERROR_AGENT_FAILED);
        execute(job(backup));

        assertThat(backup).isEnded().hasPassedInOrder(RunAgent.id(), FailedWhileFrozen.id(), ThawAfterFailure.id(),
                RecordFailure.id(), BackupFailed.id()).hasNotPassed(Thaw.id(), Verify.id(), RecordBackup.id());
        // what the agent made before it failed is recorded on this path too
        assertThat(ran).containsSubsequence("quiesce", "recordArtifacts", "thaw", "recordFailure", "releaseServiceClaim");
    }

    @Test
    void failingQuiesceThawsAtOnceInsteadOfRetryingFrozen() {
        Mocks.register("runHook", (JavaDelegate) execution -> {
            ran.add(HOOK.from(execution));
            if ("quiesce".equals(HOOK.from(execution))) {
                throw new BpmnError(ERROR_QUIESCE_FAILED, "quiesce hook of ticket-db failed: read-only mode half set");
            }
        });
        ProcessInstance backup = start("manual");
        execute(job(backup)); // capacity
        execute(job(backup)); // health check
        execute(job(backup)); // quiesce fails

        assertThat(backup).isWaitingAt(ThawAfterFailure.id());
        execute(job(backup));
        assertThat(backup).isWaitingAt(RecordFailure.id()).variables().containsEntry(FAILURE_CODE.name(), ERROR_QUIESCE_FAILED);
        execute(job(backup));

        assertThat(backup).isEnded().hasPassedInOrder(Quiesce.id(), FailedWhileFrozen.id(), ThawAfterFailure.id(),
                BackupFailed.id()).hasNotPassed(RunAgent.id());
        assertThat(ran).containsSubsequence("quiesce", "thaw", "recordFailure");
    }

    @Test
    void failedVerificationFailsTheBackup() {
        ProcessInstance backup = start("manual");
        runUntilAgent(backup);
        complete(externalTask(backup));
        execute(job(backup));

        TestWorker.throwBpmnError(backup, ERROR_VERIFICATION_FAILED, "verification failed: docs/a.md checksum differs", Map.of());
        assertThat(backup).isWaitingAt(RecordFailure.id()).variables().containsEntry(FAILURE_CODE.name(), ERROR_VERIFICATION_FAILED);
        execute(job(backup));

        assertThat(backup).isEnded().hasPassed(BackupFailed.id()).hasNotPassed(RecordBackup.id(), AuditBackup.id());
        assertThat(ran).contains("recordFailure").doesNotContain("recordBackup");
    }

    @Test
    void scheduledBackupInBlackoutWaitsForTheWindowToEnd() {
        Instant windowEnd = Instant.parse("2026-11-28T23:30:00Z");
        Mocks.register("resolvePolicy", (JavaDelegate) execution -> {
            boolean firstCall = !ran.contains("resolvePolicy");
            ran.add("resolvePolicy");
            BLACKOUT.set(execution, (firstCall ? Blackout.WAIT : Blackout.NONE).name());
            BLACKOUT_WINDOW.set(execution, "weekly-maintenance");
            BLACKOUT_ENDS_AT.set(execution, Date.from(windowEnd));
        });
        ProcessInstance backup = start("schedule");

        assertThat(backup).isWaitingAt(WaitForBlackoutEnd.id());
        assertThat(job(backup).getDuedate()).isEqualTo(Date.from(windowEnd));
        assertThat(ran).doesNotContain("claimService");
        execute(job(backup));

        assertThat(backup).isWaitingAt(CheckCapacity.id());
        assertThat(ran).containsExactly("resolvePolicy", "resolvePolicy", "claimService");
    }

    @Test
    void manualBackupInBlackoutIsRefused() {
        Mocks.register("resolvePolicy", (JavaDelegate) execution -> {
            BLACKOUT.set(execution, Blackout.REFUSE.name());
            REFUSAL.set(execution, "ticket-db is in blackout window weekly-maintenance");
        });
        ProcessInstance backup = start("manual");

        assertThat(backup).isEnded().hasPassed(RecordRefusal.id(), RefusedInBlackout.id()).hasNotPassed(ClaimService.id());
        assertThat(ran).containsExactly("recordRefusal", "releaseServiceClaim");
    }

    @Test
    void emergencyBackupInBlackoutProceeds() {
        policy(Blackout.OVERRIDE);
        ProcessInstance backup = start("emergency");

        assertThat(backup).isWaitingAt(CheckCapacity.id()).hasPassed(ClaimService.id());
    }

    @Test
    void secondBackupOfABusyServiceIsSkipped() {
        Mocks.register("claimService", (JavaDelegate) execution -> {
            RUNNING_BACKUP_ID.set(execution, "bk-ticket-db-20261122-010000-aaaaaa");
            throw new BpmnError(ERROR_BACKUP_RUNNING, "backup bk-ticket-db-20261122-010000-aaaaaa is running");
        });
        ProcessInstance backup = start("schedule");

        assertThat(backup).isEnded().hasPassed(RecordSkip.id(), SkippedAlreadyRunning.id()).hasNotPassed(CheckCapacity.id());
        assertThat(ran).containsExactly("recordSkip", "releaseServiceClaim");
    }

    @Test
    void notEnoughStorageRefusesTheBackup() {
        Mocks.register("checkCapacity", (JavaDelegate) execution -> {
            throw new BpmnError(ERROR_INSUFFICIENT_CAPACITY, "refused: storage target 'local' has 10 bytes free");
        });
        ProcessInstance backup = start("manual");
        execute(job(backup));

        assertThat(backup).isWaitingAt(RecordFailure.id()).variables()
                .containsEntry(FAILURE_REASON.name(), "refused: storage target 'local' has 10 bytes free");
        execute(job(backup));
        assertThat(backup).isEnded().hasPassed(BackupFailed.id()).hasNotPassed(HealthCheck.id());
    }

    @Test
    void unhealthyServiceIsNotBackedUp() {
        Mocks.register("runHook", (JavaDelegate) execution -> {
            throw new BpmnError(ERROR_UNHEALTHY, "health check of ticket-db returned false");
        });
        ProcessInstance backup = start("manual");
        execute(job(backup));
        execute(job(backup));

        assertThat(backup).isWaitingAt(RecordFailure.id());
        execute(job(backup));
        assertThat(backup).isEnded().hasPassed(BackupFailed.id()).hasNotPassed(Quiesce.id(), RunAgent.id());
    }

    @Test
    void aStepThatKeepsFailingBecomesAnIncidentAndTheRunbookWaits() {
        Mocks.register("checkCapacity", (JavaDelegate) execution -> {
            throw new IllegalStateException("storage target unreachable");
        });
        ProcessInstance backup = start("manual");

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatThrownBy(() -> execute(job(backup))).hasMessageContaining("storage target unreachable");
        }

        Incident incident = runtimeService().createIncidentQuery().processInstanceId(backup.getId()).singleResult();
        assertThat(incident.getActivityId()).isEqualTo(CheckCapacity.id());
        assertThat(incident.getIncidentMessage()).contains("storage target unreachable");
        assertThat(backup).isWaitingAt(CheckCapacity.id());
    }

    private ProcessInstance start(String trigger) {
        return runtimeService().startProcessInstanceByKey(BackupRunbook.KEY, "bk-ticket-db-test", Map.of(
                BACKUP_ID.name(), "bk-ticket-db-test",
                SERVICE_ID.name(), "ticket-db",
                TRIGGER.name(), trigger,
                REASON.name(), "process test",
                INITIATOR.name(), "operator"));
    }

    /** Capacity, health check and quiesce pass; the runbook then waits for the agent worker. */
    private static void runUntilAgent(ProcessInstance backup) {
        execute(job(backup));
        execute(job(backup));
        execute(job(backup));
        assertThat(backup).isWaitingAt(RunAgent.id()).externalTask().hasTopicName(BackupRunbook.TOPIC_AGENT);
    }

    private void policy(Blackout blackout) {
        Mocks.register("resolvePolicy", (JavaDelegate) execution -> {
            BLACKOUT.set(execution, blackout.name());
            if (blackout != Blackout.NONE) {
                BLACKOUT_WINDOW.set(execution, "weekly-maintenance");
            }
        });
    }

    private void record(String beanName) {
        Mocks.register(beanName, (JavaDelegate) (DelegateExecution execution) -> ran.add(beanName));
    }

    private void listener(String beanName) {
        Mocks.register(beanName, (ExecutionListener) execution -> ran.add(beanName));
    }

}
