package io.lifeboat.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import io.lifeboat.engine.FourEyes;
import io.lifeboat.security.Roles;

import static io.lifeboat.retention.BackupDeletionRunbook.Element.ApproveDeletion;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.BackupDeleted;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.BackupHeld;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.BackupKept;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.CheckHolds;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.DeleteBackup;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.DeleteFailed;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.DeletionFailed;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.DeletionRejected;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.ObjectLocked;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.RecordDeleteFailure;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.RecordKept;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.RecordRejection;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.APPROVED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.ARTIFACTS;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_AGE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DELETED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.KEPT_BECAUSE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.KEPT_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.NEWEST_GOOD_BACKUP;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REASON;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REQUESTER;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.SERVICE_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.STORAGE_TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Every path of the {@code backup-deletion} runbook on the engine alone. The delegates are stand-ins; the four-eyes
 * task listener is the real one, since it is the part that must not break. The agent is the test, answering the
 * delete task as a worker does.
 */
@Deployment(resources = {"processes/backup-deletion.bpmn", "processes/forms/backup-deletion-approval.form"})
class BackupDeletionRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();
    /** Who asked, by process instance: what Lifeboat's API records in its table when it starts the runbook. */
    private final Map<String, String> requesters = new HashMap<>();

    @BeforeEach
    void registerDelegates() {
        Mocks.register("fourEyes", new FourEyes(processInstanceId -> Optional.ofNullable(requesters.get(processInstanceId))));
        Mocks.register("checkLegalHolds", (JavaDelegate) execution -> ran.add("holds checked"));
        Mocks.register("prepareBackupDeletion", (ExecutionListener) execution -> {
            execution.setVariableLocal(SERVICE_ID.name(), "notes");
            execution.setVariableLocal(STORAGE_TARGET.name(), "local");
            execution.setVariableLocal(ARTIFACTS.name(), "[{\"dataSource\":\"articles\"}]");
            execution.setVariableLocal(DELETED.name(), false);
        });
        Mocks.register("recordApprovedDeletion", (ExecutionListener) execution -> {
            if (DELETED.from(execution)) {
                ran.add("deleted, approved by " + DECIDED_BY.from(execution));
            }
        });
        Mocks.register("recordDeletionKept", (JavaDelegate) execution -> ran.add("kept by " + KEPT_BY.from(execution) + ": "
                + KEPT_BECAUSE.from(execution)));
        Mocks.register("recordDeletionFailure", (JavaDelegate) execution -> ran.add("failed: " + FAILURE_REASON.from(execution)));
        Mocks.register("recordDeletionRejection", (JavaDelegate) execution -> ran.add("rejected by " + DECIDED_BY.from(execution)));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        identityService().clearAuthentication();
    }

    @Test
    void anApproverApprovesAndAnAgentDeletesTheBackup() {
        ProcessInstance deletion = request();
        assertThat(deletion).isWaitingAt(ApproveDeletion.id()).task().hasCandidateGroup(Roles.APPROVERS);
        assertThat(deployedForm(task(deletion).getId())).contains("\"id\": \"backup-deletion-approval\"", "\"key\": \"backupAge\"",
                "\"key\": \"newestGoodBackup\"", "\"key\": \"reason\"", "\"key\": \"approved\"");

        decide(deletion, "approver", true);
        assertThat(deletion).isWaitingAt(CheckHolds.id());
        execute(job(deletion));
        assertThat(deletion).isWaitingAt(DeleteBackup.id()).externalTask().hasTopicName(BackupDeletionRunbook.TOPIC_DELETE);
        LockedExternalTask task = TestWorker.complete(deletion, withVariables(DELETED.name(), true));

        assertThat(task.getVariables()).containsEntry(BACKUP_ID.name(), "bk-notes-1").containsEntry(SERVICE_ID.name(), "notes")
                .containsEntry(STORAGE_TARGET.name(), "local").containsEntry(ARTIFACTS.name(), "[{\"dataSource\":\"articles\"}]");
        assertThat(deletion).isEnded().hasPassedInOrder(ApproveDeletion.id(), CheckHolds.id(), DeleteBackup.id(), BackupDeleted.id());
        assertThat(ran).containsExactly("holds checked", "deleted, approved by approver");
    }

    @Test
    void aHoldPlacedWhileTheRequestWaitedKeepsTheApprovedBackup() {
        Mocks.register("checkLegalHolds", (JavaDelegate) execution -> {
            throw new BpmnError(BackupDeletionRunbook.ERROR_BACKUP_HELD, "under legal hold hold-7");
        });
        ProcessInstance deletion = request();
        decide(deletion, "approver", true);
        execute(job(deletion));

        assertThat(deletion).isWaitingAt(RecordKept.id());
        execute(job(deletion));
        assertThat(deletion).isEnded().hasPassedInOrder(CheckHolds.id(), BackupHeld.id(), RecordKept.id(), BackupKept.id())
                .hasNotPassed(DeleteBackup.id());
        assertThat(ran).containsExactly("kept by BACKUP_HELD: under legal hold hold-7");
    }

    @Test
    void objectsThatObjectLockKeepsKeepTheApprovedBackup() {
        ProcessInstance deletion = request();
        decide(deletion, "approver", true);
        execute(job(deletion));

        TestWorker.throwBpmnError(deletion, BackupDeletionRunbook.ERROR_OBJECT_LOCKED, "kept: object s3://b/k is locked until 2027-01-01",
                Map.of());
        assertThat(deletion).isWaitingAt(RecordKept.id());
        execute(job(deletion));
        assertThat(deletion).isEnded().hasPassedInOrder(DeleteBackup.id(), ObjectLocked.id(), RecordKept.id(), BackupKept.id());
        assertThat(ran).containsExactly("holds checked", "kept by OBJECT_LOCKED: kept: object s3://b/k is locked until 2027-01-01");
    }

    @Test
    void aDeletionTheAgentCannotDoIsRecordedWithItsReason() {
        ProcessInstance deletion = request();
        decide(deletion, "approver", true);
        execute(job(deletion));

        TestWorker.throwBpmnError(deletion, BackupDeletionRunbook.ERROR_DELETE_FAILED, "restic: repository not found", Map.of());
        assertThat(deletion).isWaitingAt(RecordDeleteFailure.id());
        execute(job(deletion));
        assertThat(deletion).isEnded().hasPassedInOrder(DeleteBackup.id(), DeleteFailed.id(), RecordDeleteFailure.id(),
                DeletionFailed.id()).hasNotPassed(BackupDeleted.id());
        assertThat(ran).containsExactly("holds checked", "failed: restic: repository not found");
    }

    @Test
    void aRejectionIsRecordedAndNothingIsDeleted() {
        ProcessInstance deletion = request();

        decide(deletion, "approver", false);
        assertThat(deletion).isWaitingAt(RecordRejection.id());
        execute(job(deletion));

        assertThat(deletion).isEnded().hasPassed(DeletionRejected.id()).hasNotPassed(DeleteBackup.id());
        assertThat(ran).containsExactly("rejected by approver");
    }

    @Test
    void theRequesterCannotDecideTheirOwnRequestAndTheTaskStaysOpen() {
        ProcessInstance deletion = request();
        identityService().setAuthentication("operator", List.of(Roles.OPERATORS, Roles.APPROVERS));
        String taskId = task(deletion).getId();

        for (boolean approved : List.of(true, false)) {
            assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), approved)))
                    .isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("operator asked for bk-notes-1 and cannot decide 'Approve deletion';"
                            + " another member of its candidate groups must");
        }

        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
        assertThat(ran).isEmpty();
    }

    @Test
    void someoneWhoIsNoApproverCannotDecide() {
        ProcessInstance deletion = request();
        identityService().setAuthentication("commander", List.of(Roles.COMMANDERS, Roles.CAMUNDA_ADMIN));
        String taskId = task(deletion).getId();

        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), true)))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("commander may not complete 'Approve deletion': it is offered to [group approvers]");
        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
    }

    @Test
    void rewritingTheRequesterVariableDoesNotLetTheRequesterApprove() {
        ProcessInstance deletion = request();
        identityService().setAuthentication("operator", List.of(Roles.OPERATORS, Roles.APPROVERS));
        String taskId = task(deletion).getId();
        runtimeService().setVariable(deletion.getId(), REQUESTER.name(), "commander");

        assertThatThrownBy(() -> taskService().complete(taskId,
                withVariables(APPROVED.name(), true, REQUESTER.name(), "somebody-else")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("operator asked for bk-notes-1");
        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
    }

    @Test
    void aDecisionWithoutAnAuthenticatedUserIsRefused() {
        ProcessInstance deletion = request();
        String taskId = task(deletion).getId();

        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), true)))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("can only be decided by an authenticated user");
        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
    }

    @Test
    void aDeletionStartedWithoutLifeboatsRecordOfWhoAskedCannotBeDecided() {
        ProcessInstance deletion = start();
        identityService().setAuthentication("approver", List.of(Roles.APPROVERS));
        String taskId = task(deletion).getId();

        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), true)))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("has no recorded requester, so nobody can decide it");
        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
    }

    /** As Lifeboat's API asks: the runbook started, and the operator recorded as the one who asked. */
    private ProcessInstance request() {
        ProcessInstance deletion = start();
        requesters.put(deletion.getId(), "operator");
        return deletion;
    }

    private static ProcessInstance start() {
        return runtimeService().startProcessInstanceByKey(BackupDeletionRunbook.KEY, "bk-notes-1", withVariables(
                BACKUP_ID.name(), "bk-notes-1", SERVICE_ID.name(), "notes", REQUESTER.name(), "operator",
                REASON.name(), "copied to the wrong target", BACKUP_AGE.name(), "3 days",
                NEWEST_GOOD_BACKUP.name(), "no: the newest verified backup of notes is bk-notes-2"));
    }

    private static String deployedForm(String taskId) {
        try (InputStream form = formService().getDeployedTaskForm(taskId)) {
            return new String(form.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void decide(ProcessInstance deletion, String user, boolean approved) {
        identityService().setAuthentication(user, List.of(Roles.APPROVERS));
        taskService().complete(task(deletion).getId(), withVariables(APPROVED.name(), approved));
        identityService().clearAuthentication();
    }
}
