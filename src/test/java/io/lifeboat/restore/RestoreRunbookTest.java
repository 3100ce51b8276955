package io.lifeboat.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.ProcessTestEngine;
import io.lifeboat.TestWorker;
import io.lifeboat.engine.FourEyes;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.security.Roles;

import static io.lifeboat.restore.RestoreRunbook.Element.AfterRestore;
import static io.lifeboat.restore.RestoreRunbook.Element.ApproveRestore;
import static io.lifeboat.restore.RestoreRunbook.Element.BeforeRestore;
import static io.lifeboat.restore.RestoreRunbook.Element.CapacityInsufficient;
import static io.lifeboat.restore.RestoreRunbook.Element.CheckCapacity;
import static io.lifeboat.restore.RestoreRunbook.Element.CheckService;
import static io.lifeboat.restore.RestoreRunbook.Element.ClaimService;
import static io.lifeboat.restore.RestoreRunbook.Element.DiscardPrevious;
import static io.lifeboat.restore.RestoreRunbook.Element.DiscardRestored;
import static io.lifeboat.restore.RestoreRunbook.Element.FailedBeforeSwitch;
import static io.lifeboat.restore.RestoreRunbook.Element.KeepPrevious;
import static io.lifeboat.restore.RestoreRunbook.Element.KeepSafetyBackup;
import static io.lifeboat.restore.RestoreRunbook.Element.NoSafetyHold;
import static io.lifeboat.restore.RestoreRunbook.Element.NothingAside;
import static io.lifeboat.restore.RestoreRunbook.Element.PreviousDiscarded;
import static io.lifeboat.restore.RestoreRunbook.Element.RecordFailure;
import static io.lifeboat.restore.RestoreRunbook.Element.RecordRejection;
import static io.lifeboat.restore.RestoreRunbook.Element.RecordRestore;
import static io.lifeboat.restore.RestoreRunbook.Element.RecordRollback;
import static io.lifeboat.restore.RestoreRunbook.Element.RecordSafetyBackup;
import static io.lifeboat.restore.RestoreRunbook.Element.ReleaseSafetyBackup;
import static io.lifeboat.restore.RestoreRunbook.Element.RestartAfterFailure;
import static io.lifeboat.restore.RestoreRunbook.Element.RestartAfterRollback;
import static io.lifeboat.restore.RestoreRunbook.Element.RestoreData;
import static io.lifeboat.restore.RestoreRunbook.Element.RestoreFailed;
import static io.lifeboat.restore.RestoreRunbook.Element.RestoreRejected;
import static io.lifeboat.restore.RestoreRunbook.Element.RestoreRolledBack;
import static io.lifeboat.restore.RestoreRunbook.Element.RunChecks;
import static io.lifeboat.restore.RestoreRunbook.Element.SafetyBackupFailed;
import static io.lifeboat.restore.RestoreRunbook.Element.SafetyBackupReleased;
import static io.lifeboat.restore.RestoreRunbook.Element.ServiceBusy;
import static io.lifeboat.restore.RestoreRunbook.Element.ServiceUnhealthy;
import static io.lifeboat.restore.RestoreRunbook.Element.StartSafetyBackup;
import static io.lifeboat.restore.RestoreRunbook.Element.StopForRollback;
import static io.lifeboat.restore.RestoreRunbook.Element.SwitchBack;
import static io.lifeboat.restore.RestoreRunbook.Element.SwitchIn;
import static io.lifeboat.restore.RestoreRunbook.Element.VerifyRestored;
import static io.lifeboat.restore.RestoreRunbook.Element.WaitForSafetyBackup;
import static io.lifeboat.restore.RestoreRunbook.Element.WaitForService;
import static io.lifeboat.restore.RestoreRunbook.Variables.APPROVED;
import static io.lifeboat.restore.RestoreRunbook.Variables.DECISION_COMMENT;
import static io.lifeboat.restore.RestoreRunbook.Variables.FAILURE_CODE;
import static io.lifeboat.restore.RestoreRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.restore.RestoreRunbook.Variables.HOOK;
import static io.lifeboat.restore.RestoreRunbook.Variables.IN_PLACE;
import static io.lifeboat.restore.RestoreRunbook.Variables.KEEP_PREVIOUS;
import static io.lifeboat.restore.RestoreRunbook.Variables.KEEP_SAFETY_BACKUP;
import static io.lifeboat.restore.RestoreRunbook.Variables.PLAN;
import static io.lifeboat.restore.RestoreRunbook.Variables.PREVIOUS;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORED;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SAFETY_HOLD_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SERVICE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.TAKE_SAFETY_BACKUP;
import static io.lifeboat.restore.RestoreRunbook.Variables.WAIVE_SAFETY_BACKUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Every path of the {@code restore} runbook on the engine alone. The steps that record are stand-ins that say what
 * ran; the approval's listeners are the real ones (four eyes, and the decision's comment rules), since they are what
 * must not break. The agent is the test, answering the {@code backup-restore} tasks as a worker does.
 */
@Deployment(resources = {"processes/restore.bpmn", "processes/forms/restore-approval.form"})
class RestoreRunbookTest {

    private static final String ID = "rs-ticket-db-1";

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();
    private final Map<String, String> requesters = new HashMap<>();
    private final RestoreSteps steps = mock(RestoreSteps.class);
    private final RestoreDelegates delegates = new RestoreDelegates();
    /** Whether the service is held by a backup the first time the restore claims it. */
    private boolean busyOnce;
    private boolean healthy = true;
    private boolean safetyBackupVerified = true;

    @BeforeEach
    void registerDelegates() {
        Mocks.register("fourEyes", new FourEyes(processInstanceId -> Optional.ofNullable(requesters.get(processInstanceId))));
        Mocks.register("recordRestoreDecision", delegates.recordRestoreDecision(steps));
        Mocks.register("recordRestoreRejection", (JavaDelegate) execution -> ran.add("rejected: "
                + DECISION_COMMENT.from(execution)));
        Mocks.register("claimRestoredService", (JavaDelegate) execution -> {
            if (busyOnce) {
                busyOnce = false;
                throw new BpmnError(RestoreRunbook.ERROR_SERVICE_BUSY, "bk-ticket-db-9 holds ticket-db");
            }
            ran.add("claimed");
        });
        Mocks.register("startSafetyBackup", (JavaDelegate) execution -> ran.add("safety backup started"));
        Mocks.register("recordSafetyBackup", (JavaDelegate) execution -> {
            if (!safetyBackupVerified) {
                throw new BpmnError(RestoreRunbook.ERROR_SAFETY_BACKUP_FAILED, "safety backup bk-2 is FAILED at RunAgent");
            }
            SAFETY_HOLD_ID.set(execution, "hold-1");
            PREVIOUS.set(execution, "{\"tickets\":{}}");
            ran.add("safety backup held");
        });
        Mocks.register("runRestoreHook", (JavaDelegate) execution -> ran.add(HOOK.from(execution)));
        Mocks.register("checkRestoredService", (JavaDelegate) execution -> {
            if (!healthy) {
                throw new BpmnError(RestoreRunbook.ERROR_UNHEALTHY, "after the switch: health check returned false");
            }
            ran.add("healthy");
        });
        Mocks.register("recordRestore", (JavaDelegate) execution -> ran.add("succeeded"));
        Mocks.register("recordRestoreFailure", (JavaDelegate) execution -> ran.add("failed at "
                + RestoreRunbook.Element.failedAt(FAILURE_CODE.from(execution)) + ": " + FAILURE_REASON.from(execution)));
        Mocks.register("recordRestoreRollback", (JavaDelegate) execution -> ran.add("rolled back: " + FAILURE_REASON.from(execution)));
        Mocks.register("releaseSafetyBackup", (JavaDelegate) execution -> ran.add("released " + SAFETY_HOLD_ID.from(execution)));
        Mocks.register("releaseRestoreClaim", (ExecutionListener) execution -> ran.add("claim released"));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        identityService().clearAuthentication();
    }

    @Test
    void anAlternateRestoreNeedsNoApprovalAndNeverTouchesProduction() {
        ProcessInstance restore = request(false);
        assertThat(restore).isWaitingAt(ClaimService.id());
        execute(job(restore));
        LockedExternalTask capacity = agentDoes(restore, CheckCapacity, Map.of());
        assertThat(capacity.getVariables()).containsEntry(RESTORE_ID.name(), ID).containsEntry(PLAN.name(), "{\"plan\":1}");
        agentDoes(restore, RestoreData, Map.of(RESTORED.name(), "[{\"dataSource\":\"tickets\"}]"));
        LockedExternalTask verify = agentDoes(restore, VerifyRestored, Map.of());
        assertThat(verify.getVariables()).containsEntry(RESTORED.name(), "[{\"dataSource\":\"tickets\"}]");
        agentDoes(restore, RunChecks, Map.of());
        assertThat(restore).isWaitingAt(RecordRestore.id());
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(ClaimService.id(), CheckCapacity.id(), RestoreData.id(),
                VerifyRestored.id(), RunChecks.id(), RecordRestore.id(), NothingAside.id(), NoSafetyHold.id())
                .hasNotPassed(ApproveRestore.id(), StartSafetyBackup.id(), BeforeRestore.id(), SwitchIn.id());
        assertThat(ran).containsExactly("claimed", "succeeded", "claim released");
    }

    @Test
    void anInPlaceRestoreIsApprovedTakesASafetyBackupSwitchesInAndKeepsThePreviousStateForItsTerm() {
        ProcessInstance restore = request(true);
        assertThat(restore).isWaitingAt(ApproveRestore.id()).task().hasCandidateGroup(RestoreRunbook.APPROVAL_GROUP);

        decide(restore, "commander", true, null, false);
        verify(steps).decided(ID, true, "commander", null, false);
        execute(job(restore)); // claim
        agentDoes(restore, CheckCapacity, Map.of());
        assertThat(restore).isWaitingAt(StartSafetyBackup.id());
        execute(job(restore));
        assertThat(restore).isWaitingAt(WaitForSafetyBackup.id());
        runtimeService().correlateMessage(RestoreRunbook.MESSAGE_SAFETY_BACKUP_FINISHED, ID);
        execute(job(restore)); // after the wait
        execute(job(restore)); // hold the safety backup
        execute(job(restore)); // beforeRestore hook
        agentDoes(restore, RestoreData, Map.of(RESTORED.name(), "[]"));
        agentDoes(restore, VerifyRestored, Map.of());
        agentDoes(restore, RunChecks, Map.of());
        LockedExternalTask switchIn = agentDoes(restore, SwitchIn, Map.of());
        assertThat(switchIn.getVariables()).containsEntry(PREVIOUS.name(), "{\"tickets\":{}}");
        execute(job(restore)); // afterRestore hook
        execute(job(restore)); // check the service
        execute(job(restore)); // record
        assertThat(restore).isWaitingAt(KeepPrevious.id(), KeepSafetyBackup.id());
        assertThat(timerDueIn(restore, KeepPrevious)).isEqualTo(Duration.ofDays(1));
        assertThat(timerDueIn(restore, KeepSafetyBackup)).isEqualTo(Duration.ofDays(30));

        execute(timer(restore, KeepPrevious));
        agentDoes(restore, DiscardPrevious, Map.of());
        execute(timer(restore, KeepSafetyBackup));
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(ApproveRestore.id(), ClaimService.id(), CheckCapacity.id(),
                StartSafetyBackup.id(), WaitForSafetyBackup.id(), RecordSafetyBackup.id(), BeforeRestore.id(), RestoreData.id(),
                VerifyRestored.id(), RunChecks.id(), SwitchIn.id(), AfterRestore.id(), CheckService.id(), RecordRestore.id())
                .hasPassed(DiscardPrevious.id(), PreviousDiscarded.id(), ReleaseSafetyBackup.id(), SafetyBackupReleased.id());
        assertThat(ran).containsExactly("claimed", "safety backup started", "safety backup held", "beforeRestore",
                "afterRestore", "healthy", "succeeded", "released hold-1", "claim released");
    }

    @Test
    void aRejectionNeedsACommentAndIsRecorded() {
        ProcessInstance restore = request(true);

        assertThatThrownBy(() -> decide(restore, "commander", false, "  ", false)).isInstanceOf(RefusedAnswer.class)
                .hasMessageContaining("a rejection needs a comment saying why");
        assertThat(restore).isWaitingAt(ApproveRestore.id());

        decide(restore, "commander", false, "restore the 09:00 backup instead", false);
        execute(job(restore));
        assertThat(restore).isEnded().hasPassedInOrder(ApproveRestore.id(), RecordRejection.id(), RestoreRejected.id())
                .hasNotPassed(ClaimService.id());
        verify(steps).decided(ID, false, "commander", "restore the 09:00 backup instead", false);
        assertThat(ran).containsExactly("rejected: restore the 09:00 backup instead", "claim released");
    }

    @Test
    void theRequesterCannotApproveTheirOwnRestoreEvenAsACommander() {
        ProcessInstance restore = request(true);
        requesters.put(restore.getId(), "commander");

        assertThatThrownBy(() -> decide(restore, "commander", true, null, false)).isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("commander asked for " + ID + " and cannot decide 'Approve restore'");
        assertThatThrownBy(() -> decide(restore, "operator", true, null, false)).isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("operator may not complete 'Approve restore'");
        assertThat(restore).isWaitingAt(ApproveRestore.id());
        verify(steps, never()).decided(anyString(), anyBoolean(), anyString(), anyString(), anyBoolean());
    }

    @Test
    void aCommanderWaivesTheSafetyBackupWithAReason() {
        ProcessInstance restore = request(true);
        assertThatThrownBy(() -> decide(restore, "commander", true, null, true)).isInstanceOf(RefusedAnswer.class)
                .hasMessageContaining("waiving the safety backup needs a comment");

        decide(restore, "commander", true, "the current data is unreadable", true);
        execute(job(restore));
        agentDoes(restore, CheckCapacity, Map.of());
        assertThat(restore).isWaitingAt(BeforeRestore.id());
        execute(job(restore));
        agentDoes(restore, RestoreData, Map.of(RESTORED.name(), "[]"));
        agentDoes(restore, VerifyRestored, Map.of());
        agentDoes(restore, RunChecks, Map.of());
        agentDoes(restore, SwitchIn, Map.of());
        execute(job(restore));
        execute(job(restore));
        execute(job(restore));

        assertThat(restore).isWaitingAt(KeepPrevious.id()).hasNotPassed(StartSafetyBackup.id()).hasPassed(NoSafetyHold.id());
        verify(steps).decided(ID, true, "commander", "the current data is unreadable", true);
    }

    @Test
    void aFailureBeforeTheSwitchDiscardsTheRestoredCopyAndStartsTheUntouchedService() {
        ProcessInstance restore = approvedInPlace();
        agentDoes(restore, RestoreData, Map.of(RESTORED.name(), "[]"));
        TestWorker.throwBpmnError(restore, RestoreRunbook.ERROR_VERIFICATION_FAILED,
                "verification failed: tickets: tickets.csv: sha256 differs", Map.of());

        assertThat(restore).isWaitingAt(DiscardRestored.id());
        agentDoes(restore, DiscardRestored, Map.of());
        execute(job(restore)); // afterRestore hook: the application starts again on its own data
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(VerifyRestored.id(), FailedBeforeSwitch.id(), DiscardRestored.id(),
                RestartAfterFailure.id(), RecordFailure.id(), RestoreFailed.id()).hasNotPassed(SwitchIn.id());
        assertThat(ran).endsWith("beforeRestore", "afterRestore",
                "failed at VerifyRestored: verification failed: tickets: tickets.csv: sha256 differs", "claim released");
    }

    @Test
    void anAlternateRestoreWhoseChecksFailDiscardsItsCopy() {
        ProcessInstance restore = request(false);
        execute(job(restore));
        agentDoes(restore, CheckCapacity, Map.of());
        agentDoes(restore, RestoreData, Map.of(RESTORED.name(), "[]"));
        agentDoes(restore, VerifyRestored, Map.of());
        TestWorker.throwBpmnError(restore, RestoreRunbook.ERROR_CHECK_FAILED, "check rowCount tickets.csv failed: 199 rows",
                Map.of());
        agentDoes(restore, DiscardRestored, Map.of());
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(RunChecks.id(), DiscardRestored.id(), RecordFailure.id())
                .hasNotPassed(RestartAfterFailure.id());
        assertThat(ran).containsExactly("claimed", "failed at RunChecks: check rowCount tickets.csv failed: 199 rows",
                "claim released");
    }

    @Test
    void anUnhealthyServiceAfterTheSwitchGetsItsPreviousStateBack() {
        healthy = false;
        ProcessInstance restore = approvedInPlace();
        agentDoes(restore, RestoreData, Map.of(RESTORED.name(), "[]"));
        agentDoes(restore, VerifyRestored, Map.of());
        agentDoes(restore, RunChecks, Map.of());
        agentDoes(restore, SwitchIn, Map.of());
        execute(job(restore)); // afterRestore
        execute(job(restore)); // unhealthy
        execute(job(restore)); // stop for the rollback
        LockedExternalTask back = agentDoes(restore, SwitchBack, Map.of());
        assertThat(back.getVariables()).containsEntry(PREVIOUS.name(), "{\"tickets\":{}}");
        execute(job(restore)); // start on the previous data
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(SwitchIn.id(), AfterRestore.id(), CheckService.id(),
                ServiceUnhealthy.id(), StopForRollback.id(), SwitchBack.id(), RestartAfterRollback.id(), RecordRollback.id(),
                RestoreRolledBack.id()).hasNotPassed(RecordRestore.id());
        assertThat(ran).endsWith("beforeRestore", "afterRestore", "beforeRestore", "afterRestore",
                "rolled back: after the switch: health check returned false", "claim released");
    }

    @Test
    void aRunningBackupMakesTheRestoreWaitAndTryAgain() {
        busyOnce = true;
        ProcessInstance restore = request(false);
        execute(job(restore));
        assertThat(restore).isWaitingAt(WaitForService.id());
        execute(job(restore)); // the minute is up
        execute(job(restore));

        assertThat(restore).isWaitingAt(CheckCapacity.id()).hasPassedInOrder(ClaimService.id(), ServiceBusy.id(),
                WaitForService.id(), ClaimService.id());
        assertThat(ran).containsExactly("claimed");
    }

    @Test
    void tooLittleSpaceAtTheTargetFailsTheRestoreBeforeAnythingIsWritten() {
        ProcessInstance restore = request(false);
        execute(job(restore));
        TestWorker.throwBpmnError(restore, RestoreRunbook.ERROR_INSUFFICIENT_CAPACITY,
                "refused: tickets: /restore has 10 MB free, needs 2 GB", Map.of());
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(CheckCapacity.id(), CapacityInsufficient.id(), RecordFailure.id())
                .hasNotPassed(RestoreData.id());
        assertThat(ran).containsExactly("claimed", "failed at CheckCapacity: refused: tickets: /restore has 10 MB free, needs 2 GB",
                "claim released");
    }

    @Test
    void aFailedSafetyBackupStopsTheRestoreBeforeTheApplicationIsStopped() {
        safetyBackupVerified = false;
        ProcessInstance restore = approvedUntilTheSafetyBackupEnded();
        execute(job(restore));
        execute(job(restore));

        assertThat(restore).isEnded().hasPassedInOrder(RecordSafetyBackup.id(), SafetyBackupFailed.id(), RecordFailure.id())
                .hasNotPassed(BeforeRestore.id(), RestoreData.id());
        assertThat(ran).containsExactly("claimed", "safety backup started",
                "failed at RecordSafetyBackup: safety backup bk-2 is FAILED at RunAgent", "claim released");
    }

    /** In place, approved, safety backup held, application stopped: waiting for the agent to restore. */
    private ProcessInstance approvedInPlace() {
        ProcessInstance restore = approvedUntilTheSafetyBackupEnded();
        execute(job(restore)); // hold the safety backup
        execute(job(restore)); // beforeRestore hook
        assertThat(restore).isWaitingAt(RestoreData.id());
        return restore;
    }

    /** In place, approved, claimed, its safety backup ended: waiting to record the safety backup. */
    private ProcessInstance approvedUntilTheSafetyBackupEnded() {
        ProcessInstance restore = request(true);
        decide(restore, "commander", true, null, false);
        execute(job(restore));
        agentDoes(restore, CheckCapacity, Map.of());
        execute(job(restore));
        runtimeService().correlateMessage(RestoreRunbook.MESSAGE_SAFETY_BACKUP_FINISHED, ID);
        execute(job(restore));
        assertThat(restore).isWaitingAt(RecordSafetyBackup.id());
        return restore;
    }

    /** As Lifeboat's API starts it: the plan made, and the operator recorded as the one who asked. */
    private ProcessInstance request(boolean inPlace) {
        VariableMap variables = Variables.createVariables();
        RESTORE_ID.put(variables, ID);
        SERVICE_ID.put(variables, "ticket-db");
        IN_PLACE.put(variables, inPlace);
        TAKE_SAFETY_BACKUP.put(variables, inPlace);
        PLAN.put(variables, "{\"plan\":1}");
        KEEP_PREVIOUS.put(variables, "P1D");
        KEEP_SAFETY_BACKUP.put(variables, "P30D");
        ProcessInstance restore = runtimeService().startProcessInstanceByKey(RestoreRunbook.KEY, ID, variables);
        requesters.put(restore.getId(), "operator");
        return restore;
    }

    private static void decide(ProcessInstance restore, String user, boolean approved, String comment, boolean waive) {
        identityService().setAuthentication(user, user.equals("commander") ? List.of(Roles.COMMANDERS) : List.of(Roles.OPERATORS));
        try {
            VariableMap answer = Variables.createVariables().putValue(APPROVED.name(), approved)
                    .putValue(WAIVE_SAFETY_BACKUP.name(), waive);
            if (comment != null) {
                answer.putValue(DECISION_COMMENT.name(), comment);
            }
            taskService().complete(task(restore).getId(), answer);
        } finally {
            identityService().clearAuthentication();
        }
    }

    /** The agent worked the step: checks the task is that step's on the restore topic, and completes it. */
    private static LockedExternalTask agentDoes(ProcessInstance restore, RestoreRunbook.Element step, Map<String, Object> results) {
        assertThat(restore).isWaitingAt(step.id()).externalTask().hasTopicName(RestoreRunbook.TOPIC);
        return TestWorker.complete(restore, results);
    }

    private static Job timer(ProcessInstance restore, RestoreRunbook.Element timer) {
        return jobQuery().processInstanceId(restore.getId()).activityId(timer.id()).singleResult();
    }

    /** How long from now the timer is due, within the minute. */
    private static Duration timerDueIn(ProcessInstance restore, RestoreRunbook.Element timer) {
        Duration due = Duration.between(Instant.now(), timer(restore, timer).getDuedate().toInstant());
        return Duration.ofMinutes(Math.round(due.toSeconds() / 60.0));
    }
}
