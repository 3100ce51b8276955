package io.lifeboat.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.ProcessTestEngine;

import static io.lifeboat.retention.BackupDeletionRunbook.Element.ApproveDeletion;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.BackupDeleted;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.DeleteBackup;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.DeletionRejected;
import static io.lifeboat.retention.BackupDeletionRunbook.Element.RecordRejection;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.APPROVED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_AGE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.NEWEST_GOOD_BACKUP;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REASON;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REQUESTER;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.SERVICE_ID;
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
 * task listener is the real one, since it is the part that must not break.
 */
@Deployment(resources = {"processes/backup-deletion.bpmn", "processes/forms/backup-deletion-approval.form"})
class BackupDeletionRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void registerDelegates() {
        Mocks.register("checkDeletionDecider", new DeletionDeciderCheck());
        Mocks.register("deleteBackup", (JavaDelegate) execution -> ran.add("delete by " + DECIDED_BY.from(execution)));
        Mocks.register("recordDeletionRejection", (JavaDelegate) execution -> ran.add("rejected by " + DECIDED_BY.from(execution)));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        identityService().clearAuthentication();
    }

    @Test
    void anApproverApprovesAndTheBackupIsDeletedInAStepOfItsOwn() {
        ProcessInstance deletion = request();
        assertThat(deletion).isWaitingAt(ApproveDeletion.id()).task().hasCandidateGroup("approvers");
        assertThat(deployedForm(task(deletion).getId())).contains("\"id\": \"backup-deletion-approval\"", "\"key\": \"backupAge\"",
                "\"key\": \"newestGoodBackup\"", "\"key\": \"reason\"", "\"key\": \"approved\"");

        decide(deletion, "approver", true);
        assertThat(deletion).isWaitingAt(DeleteBackup.id());
        execute(job(deletion));

        assertThat(deletion).isEnded().hasPassedInOrder(ApproveDeletion.id(), DeleteBackup.id(), BackupDeleted.id());
        assertThat(ran).containsExactly("delete by approver");
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
    void theRequesterCannotApproveTheirOwnRequestAndTheTaskStaysOpen() {
        ProcessInstance deletion = request();
        identityService().setAuthenticatedUserId("operator");
        String taskId = task(deletion).getId();

        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), true)))
                .hasMessageContaining("operator requested the deletion of backup bk-notes-1 and cannot approve it;"
                        + " another approver must decide");

        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
        assertThat(ran).isEmpty();
    }

    @Test
    void aDecisionWithoutAnAuthenticatedUserIsRefused() {
        ProcessInstance deletion = request();
        String taskId = task(deletion).getId();

        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), true)))
                .hasMessageContaining("can only be decided by an authenticated approver");
        assertThat(deletion).isWaitingAt(ApproveDeletion.id());
    }

    private static ProcessInstance request() {
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
        identityService().setAuthenticatedUserId(user);
        taskService().complete(task(deletion).getId(), withVariables(APPROVED.name(), approved));
        identityService().clearAuthentication();
    }
}
