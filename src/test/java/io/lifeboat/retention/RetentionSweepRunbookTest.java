package io.lifeboat.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
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
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.security.Roles;

import static io.lifeboat.retention.RetentionSweepRunbook.Element.ApprovalJoin;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.ApproveDeletions;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.BackupDeleted;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.BackupHeld;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.BackupKept;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.CheckHolds;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.ClaimSweep;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.DailyAt3;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.RecordApproval;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.RecordScheduledRequest;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.StartJoin;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.TooManyDeletions;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.DeleteBackup;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.DeleteExpired;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.DeleteFailed;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.DeletionFailed;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.ObjectLocked;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.RecordDeleteFailure;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.RecordKept;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.RecordSkippedSweep;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.SweepBusy;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.SweepSkipped;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.PlanRetention;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.ReportSweep;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.SweepDone;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.APPROVAL_NEEDED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.APPROVED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.ARTIFACTS;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DECISION_NOTE;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DELETED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DELETIONS_TO_APPROVE;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.INITIATOR;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.KEPT_BECAUSE;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.KEPT_BY;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.RUNNING_SWEEP;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.SERVICE_ID;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Both ways into the {@code retention-sweep} runbook, both decisions on a plan deleting too much, and each way an
 * expired backup can go (deleted by the agent, kept by a hold or Object Lock, failed in the agent), each step a job of
 * its own; delegates are stand-ins by bean name, the approval's task listeners are the real ones, and the agent is the
 * test, answering the delete task as a worker does.
 */
@Deployment(resources = {"processes/retention-sweep.bpmn", "processes/forms/retention-sweep-approval.form"})
class RetentionSweepRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();
    /** Who asked, by process instance: what SweepClaim and RecordScheduledRequest record in Lifeboat's table. */
    private final Map<String, String> requesters = new HashMap<>();
    /** What PlanRetention finds: whether a service's plan deletes more than the maximum fraction. */
    private boolean tooManyDeletions;
    private final Plan plan = new Plan();

    /** Stands in for RetentionSweep in DeleteExpired's collection: the backups the plan expired. */
    public static final class Plan {

        private List<String> expired = List.of();

        public List<String> expiredBackups(String sweepId) {
            return expired;
        }
    }

    @BeforeEach
    void registerDelegates() {
        Mocks.register("fourEyes", new FourEyes(processInstanceId -> Optional.ofNullable(requesters.get(processInstanceId))));
        Mocks.register("sweepApprovalCheck", new SweepApprovalCheck());
        Mocks.register("recordScheduledRequest", (JavaDelegate) execution -> {
            requesters.put(execution.getProcessInstanceId(), RetentionSweep.SYSTEM);
            ran.add("requested by the schedule");
        });
        Mocks.register("claimSweep", (JavaDelegate) execution -> ran.add("claim"));
        Mocks.register("recordSkippedSweep", (JavaDelegate) execution -> ran.add("skip because " + RUNNING_SWEEP.from(execution)));
        Mocks.register("planRetention", (JavaDelegate) execution -> {
            ran.add("plan by " + INITIATOR.optionalFrom(execution).orElse("timer"));
            APPROVAL_NEEDED.set(execution, tooManyDeletions);
            DELETIONS_TO_APPROVE.set(execution, "notes: 6 of 11 backups would be deleted");
        });
        Mocks.register("recordApproval", (JavaDelegate) execution -> ran.add((APPROVED.from(execution) ? "approved" : "rejected")
                + " by " + DECIDED_BY.from(execution) + DECISION_NOTE.optionalFrom(execution).map(note -> ": " + note).orElse("")));
        Mocks.register("retentionSweep", plan);
        Mocks.register("checkLegalHolds", (JavaDelegate) execution -> {
            if (BACKUP_ID.from(execution).startsWith("bk-held")) {
                throw new BpmnError(RetentionSweepRunbook.ERROR_BACKUP_HELD, "under legal hold hold-1");
            }
        });
        Mocks.register("prepareBackupDeletion", (ExecutionListener) execution -> {
            execution.setVariableLocal(SERVICE_ID.name(), "notes");
            execution.setVariableLocal(STORAGE_TARGET.name(), "local");
            execution.setVariableLocal(ARTIFACTS.name(), "[]");
            execution.setVariableLocal(DELETED.name(), false);
        });
        Mocks.register("recordExpiredBackupDeleted", (ExecutionListener) execution -> {
            if (DELETED.from(execution)) {
                ran.add("deleted " + BACKUP_ID.from(execution));
            }
        });
        Mocks.register("recordExpiredBackupKept", (JavaDelegate) execution -> ran.add("kept " + BACKUP_ID.from(execution)
                + " by " + KEPT_BY.from(execution) + ": " + KEPT_BECAUSE.from(execution)));
        Mocks.register("recordExpiredBackupFailure", (JavaDelegate) execution -> ran.add("failed " + BACKUP_ID.from(execution)
                + ": " + FAILURE_REASON.from(execution)));
        Mocks.register("reportSweep", (JavaDelegate) execution -> SUMMARY.set(execution, "notes: kept 3, deleted 2"));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
        identityService().clearAuthentication();
    }

    @Test
    void anOperatorStartsASweepThatPlansDeletesEachExpiredBackupThroughAnAgentAndReports() {
        plan.expired = List.of("bk-1", "bk-2");
        ProcessInstance sweep = runtimeService().startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED,
                withVariables(INITIATOR.name(), "operator"));

        assertThat(sweep).isWaitingAt(PlanRetention.id());
        execute(job(sweep));
        assertThat(sweep).isWaitingAt(RetentionSweepRunbook.DELETE_EXPIRED_BODY);
        execute(job(sweep));
        for (String backup : plan.expired) {
            assertThat(sweep).isWaitingAt(CheckHolds.id());
            execute(job(sweep));
            assertThat(sweep).isWaitingAt(DeleteBackup.id()).externalTask().hasTopicName(RetentionSweepRunbook.TOPIC_DELETE);
            LockedExternalTask task = TestWorker.complete(sweep, withVariables(DELETED.name(), true));
            assertThat(task.getVariables()).containsEntry(BACKUP_ID.name(), backup).containsEntry(SERVICE_ID.name(), "notes")
                    .containsEntry(STORAGE_TARGET.name(), "local").containsEntry(ARTIFACTS.name(), "[]");
        }
        assertThat(sweep).isWaitingAt(ReportSweep.id());
        execute(job(sweep));

        assertThat(sweep).isEnded().hasPassedInOrder(ClaimSweep.id(), PlanRetention.id(), TooManyDeletions.id(),
                        ApprovalJoin.id(), CheckHolds.id(), DeleteBackup.id(), BackupDeleted.id(), ReportSweep.id(),
                        SweepDone.id())
                .hasNotPassed(ApproveDeletions.id())
                .variables().containsEntry(SUMMARY.name(), "notes: kept 3, deleted 2");
        assertThat(ran).containsExactly("claim", "plan by operator", "deleted bk-1", "deleted bk-2");
    }

    @Test
    void aBackupHeldSinceThePlanOrLockedIsKeptAndOneTheAgentCannotDeleteIsRecordedAsFailedWhileTheOthersGoOn() {
        plan.expired = List.of("bk-fine", "bk-held", "bk-locked", "bk-broken");
        ProcessInstance sweep = runtimeService().startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED);
        execute(job(sweep));
        execute(job(sweep));

        execute(job(sweep));
        complete(externalTask(sweep), withVariables(DELETED.name(), true));

        execute(job(sweep));
        assertThat(sweep).isWaitingAt(RecordKept.id());
        execute(job(sweep));

        execute(job(sweep));
        TestWorker.throwBpmnError(sweep, RetentionSweepRunbook.ERROR_OBJECT_LOCKED, "kept: object s3://b/k is locked until 2027-01-01", Map.of());
        assertThat(sweep).isWaitingAt(RecordKept.id());
        execute(job(sweep));

        execute(job(sweep));
        TestWorker.throwBpmnError(sweep, RetentionSweepRunbook.ERROR_DELETE_FAILED, "restic: wrong password", Map.of());
        assertThat(sweep).isWaitingAt(RecordDeleteFailure.id());
        execute(job(sweep));
        execute(job(sweep));

        assertThat(sweep).isEnded().hasPassed(BackupDeleted.id(), BackupHeld.id(), ObjectLocked.id(), BackupKept.id(),
                DeleteFailed.id(), DeletionFailed.id(), SweepDone.id());
        // the first backup's completion said deleted on its own task, not on the sweep, where the others would find it
        assertThat(ran).containsExactly("claim", "plan by timer",
                "deleted bk-fine",
                "kept bk-held by BACKUP_HELD: under legal hold hold-1",
                "kept bk-locked by OBJECT_LOCKED: kept: object s3://b/k is locked until 2027-01-01",
                "failed bk-broken: restic: wrong password");
    }

    @Test
    void aPlanDeletingTooMuchWaitsForAnApproverOtherThanTheRequesterAndItsApprovalDeletes() {
        tooManyDeletions = true;
        plan.expired = List.of("bk-1");
        ProcessInstance sweep = requestedBy("operator");
        execute(job(sweep));

        assertThat(sweep).isWaitingAt(ApproveDeletions.id()).task().hasCandidateGroup(RetentionSweepRunbook.APPROVAL_GROUP);
        assertThat(deployedForm(task(sweep).getId())).contains("\"id\": \"retention-sweep-approval\"",
                "\"key\": \"" + DELETIONS_TO_APPROVE.name() + "\"", "\"key\": \"" + APPROVED.name() + "\"",
                "\"key\": \"" + DECISION_NOTE.name() + "\"");
        identityService().setAuthentication("operator", List.of(Roles.OPERATORS, Roles.APPROVERS));
        String taskId = task(sweep).getId();
        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), true)))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("operator asked for process instance " + sweep.getId() + " and cannot decide 'Approve large"
                        + " deletions'; another member of its candidate groups must");
        assertThat(sweep).isWaitingAt(ApproveDeletions.id());
        assertThat(ran).containsExactly("claim", "plan by operator");

        decide(sweep, "approver", withVariables(APPROVED.name(), true));
        assertThat(sweep).isWaitingAt(RecordApproval.id());
        execute(job(sweep));
        assertThat(sweep).isWaitingAt(RetentionSweepRunbook.DELETE_EXPIRED_BODY);
        execute(job(sweep));
        execute(job(sweep));
        complete(externalTask(sweep), withVariables(DELETED.name(), true));
        execute(job(sweep));

        assertThat(sweep).isEnded().hasPassedInOrder(PlanRetention.id(), TooManyDeletions.id(), ApproveDeletions.id(),
                RecordApproval.id(), ApprovalJoin.id(), RetentionSweepRunbook.DELETE_EXPIRED_BODY, ReportSweep.id(), SweepDone.id());
        assertThat(ran).containsExactly("claim", "plan by operator", "approved by approver", "deleted bk-1");
    }

    @Test
    void aRejectionNeedsANoteIsRecordedAndTheSweepGoesOnForTheOtherServices() {
        tooManyDeletions = true;
        ProcessInstance sweep = requestedBy("operator");
        execute(job(sweep));
        String taskId = task(sweep).getId();
        identityService().setAuthentication("approver", List.of(Roles.APPROVERS));

        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(APPROVED.name(), false)))
                .isInstanceOf(RefusedAnswer.class)
                .hasMessage("a rejection needs a note saying why the backups are kept (decisionNote)");
        assertThatThrownBy(() -> taskService().complete(taskId, withVariables(DECISION_NOTE.name(), "keep")))
                .isInstanceOf(RefusedAnswer.class)
                .hasMessageContaining("'Approve large deletions' needs a decision");
        assertThat(sweep).isWaitingAt(ApproveDeletions.id());

        decide(sweep, "approver", withVariables(APPROVED.name(), false, DECISION_NOTE.name(), "wiki migration pending"));
        execute(job(sweep));
        execute(job(sweep));
        execute(job(sweep));

        assertThat(sweep).isEnded().hasPassedInOrder(ApproveDeletions.id(), RecordApproval.id(), RetentionSweepRunbook.DELETE_EXPIRED_BODY,
                SweepDone.id());
        assertThat(ran).containsExactly("claim", "plan by operator", "rejected by approver: wiki migration pending");
    }

    @Test
    void aSweepThatFindsAnotherRunningIsSkippedAndRecordedAndDeletesNothing() {
        Mocks.register("claimSweep", (JavaDelegate) execution -> {
            RUNNING_SWEEP.set(execution, "sweep-1");
            throw new BpmnError(RetentionSweepRunbook.ERROR_SWEEP_RUNNING, "sweep sweep-1 is running");
        });

        ProcessInstance sweep = runtimeService().startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED,
                withVariables(INITIATOR.name(), "operator"));

        assertThat(sweep).isEnded().hasPassedInOrder(ClaimSweep.id(), SweepBusy.id(), RecordSkippedSweep.id(),
                SweepSkipped.id()).hasNotPassed(PlanRetention.id(), DeleteExpired.id());
        assertThat(ran).containsExactly("skip because sweep-1");
    }

    @Test
    void theDailyTimerStartsASweepAt3AndWaitsForTheNextDay() {
        Job timer = managementService().createJobQuery().timers().singleResult();
        assertThat(timer.getDuedate()).hasHourOfDay(3).hasMinute(0);

        ClockUtil.setCurrentTime(timer.getDuedate());
        managementService().executeJob(timer.getId());
        ProcessInstance sweep = runtimeService().createProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY)
                .singleResult();
        execute(job(sweep));
        execute(job(sweep));
        execute(job(sweep));

        assertThat(sweep).isEnded().hasPassedInOrder(DailyAt3.id(), RecordScheduledRequest.id(), StartJoin.id(), ClaimSweep.id());
        assertThat(ran).containsExactly("requested by the schedule", "claim", "plan by timer");
        assertThat(managementService().createJobQuery().timers().singleResult().getDuedate())
                .isEqualTo(Date.from(timer.getDuedate().toInstant().plus(Duration.ofDays(1))));
    }

    @Test
    void anyApproverDecidesTheDailySweepsDeletionsForTheScheduleAskedForIt() {
        tooManyDeletions = true;
        Job timer = managementService().createJobQuery().timers().singleResult();
        managementService().executeJob(timer.getId());
        ProcessInstance sweep = runtimeService().createProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY)
                .singleResult();
        execute(job(sweep));

        decide(sweep, "approver", withVariables(APPROVED.name(), true, DECISION_NOTE.name(), ""));
        execute(job(sweep));

        assertThat(sweep).hasPassed(RecordScheduledRequest.id(), ApproveDeletions.id())
                .isWaitingAt(RetentionSweepRunbook.DELETE_EXPIRED_BODY);
        assertThat(ran).containsExactly("requested by the schedule", "claim", "plan by timer", "approved by approver: ");
    }

    /** As SweepClaim starts a sweep by hand: the message, and who asked recorded. */
    private ProcessInstance requestedBy(String user) {
        ProcessInstance sweep = runtimeService().startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED,
                withVariables(INITIATOR.name(), user));
        requesters.put(sweep.getId(), user);
        return sweep;
    }

    private static void decide(ProcessInstance sweep, String user, Map<String, Object> decision) {
        identityService().setAuthentication(user, List.of(Roles.APPROVERS));
        taskService().complete(task(sweep).getId(), decision);
        identityService().clearAuthentication();
    }

    private static String deployedForm(String taskId) {
        try (InputStream form = formService().getDeployedTaskForm(taskId)) {
            return new String(form.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
