package io.lifeboat.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.security.Roles;

import static io.lifeboat.drill.DrillRunbook.Element.CancelRestore;
import static io.lifeboat.drill.DrillRunbook.Element.ChecksRun;
import static io.lifeboat.drill.DrillRunbook.Element.DamageSandbox;
import static io.lifeboat.drill.DrillRunbook.Element.DrillFailed;
import static io.lifeboat.drill.DrillRunbook.Element.DrillInconclusive;
import static io.lifeboat.drill.DrillRunbook.Element.DrillInconclusiveTwice;
import static io.lifeboat.drill.DrillRunbook.Element.DrillPassed;
import static io.lifeboat.drill.DrillRunbook.Element.PrepareSandbox;
import static io.lifeboat.drill.DrillRunbook.Element.ProbeSandbox;
import static io.lifeboat.drill.DrillRunbook.Element.RecordVerdict;
import static io.lifeboat.drill.DrillRunbook.Element.RemediateDrill;
import static io.lifeboat.drill.DrillRunbook.Element.RestoreFailedInSandbox;
import static io.lifeboat.drill.DrillRunbook.Element.RetryDrill;
import static io.lifeboat.drill.DrillRunbook.Element.ReviewInconclusive;
import static io.lifeboat.drill.DrillRunbook.Element.RunChecks;
import static io.lifeboat.drill.DrillRunbook.Element.SandboxFailed;
import static io.lifeboat.drill.DrillRunbook.Element.StartRestore;
import static io.lifeboat.drill.DrillRunbook.Element.TearDownSandbox;
import static io.lifeboat.drill.DrillRunbook.Element.TimeLimit;
import static io.lifeboat.drill.DrillRunbook.Element.WaitForRestore;
import static io.lifeboat.drill.DrillRunbook.Element.WaitForService;
import static io.lifeboat.drill.DrillRunbook.Variables.DRILL_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.NEGATIVE_CONTROL;
import static io.lifeboat.drill.DrillRunbook.Variables.OWNER_GROUP;
import static io.lifeboat.drill.DrillRunbook.Variables.REMEDIATION_NOTE;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_STATE;
import static io.lifeboat.drill.DrillRunbook.Variables.RETRIED;
import static io.lifeboat.drill.DrillRunbook.Variables.SANDBOX;
import static io.lifeboat.drill.DrillRunbook.Variables.SANDBOX_PROBLEM;
import static io.lifeboat.drill.DrillRunbook.Variables.SERVICE_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.TIMED_OUT;
import static io.lifeboat.drill.DrillRunbook.Variables.TIME_LIMIT;
import static io.lifeboat.drill.DrillRunbook.Variables.VERDICT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Every path of the {@code restore-drill} runbook on the engine alone. The steps that record are stand-ins that say
 * what ran, the remediation task's listener is the real one; the agent is the test, answering the {@code drill}
 * tasks, and the restore's end is its message, as {@link DrillRestoreListener} sends it.
 */
@Deployment(resources = {"processes/restore-drill.bpmn", "processes/forms/drill-remediation.form",
        "processes/forms/drill-inconclusive.form"})
class DrillRunbookTest {

    private static final String ID = "dr-ticket-db-1";

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();
    private final DrillSteps steps = mock(DrillSteps.class);
    /** What the verdict step decides. */
    private DrillVerdict verdict = DrillVerdict.PASSED;
    private boolean busyOnce;

    @BeforeEach
    void registerDelegates() {
        Mocks.register("startDrillRestore", (JavaDelegate) execution -> {
            if (busyOnce) {
                busyOnce = false;
                throw new BpmnError(DrillRunbook.ERROR_SERVICE_BUSY, "backup bk-ticket-db-9 of ticket-db is running");
            }
            ran.add("restore started into " + SANDBOX.from(execution));
        });
        Mocks.register("cancelDrillRestore", (JavaDelegate) execution -> {
            TIMED_OUT.set(execution, true);
            ran.add("restore cancelled");
        });
        Mocks.register("recordDrillVerdict", (JavaDelegate) execution -> {
            VERDICT.set(execution, verdict.value());
            ran.add(verdict.value() + (TIMED_OUT.optionalFrom(execution).orElse(false) ? " (timed out)" : "")
                    + SANDBOX_PROBLEM.optionalFrom(execution).map(problem -> " (" + problem + ")").orElse(""));
        });
        Mocks.register("retryDrill", (JavaDelegate) execution -> ran.add("retried"));
        Mocks.register("recordDrillRemediation", new DrillDelegates().recordDrillRemediation(steps));
        Mocks.register("releaseDrill", (ExecutionListener) execution -> ran.add("released"));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    @Test
    void aDrillRestoresIntoTheSandboxChecksTearsDownAndPasses() {
        ProcessInstance drill = request(false, false);
        agentDoes(drill, PrepareSandbox, Map.of(SANDBOX.name(), "{\"tickets\":{\"path\":\"/sandbox/dr-1/tickets\"}}"));
        assertThat(drill).isWaitingAt(StartRestore.id());
        runJob(drill);
        assertThat(drill).isWaitingAt(WaitForRestore.id());
        restoreEnded("SUCCEEDED");
        LockedExternalTask checks = agentDoes(drill, RunChecks, Map.of());
        assertThat(checks.getVariables()).containsEntry(DRILL_ID.name(), ID).containsEntry(SERVICE_ID.name(), "ticket-db");
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);

        assertThat(drill).isEnded().hasPassedInOrder(PrepareSandbox.id(), StartRestore.id(), WaitForRestore.id(),
                RunChecks.id(), ChecksRun.id(), TearDownSandbox.id(), RecordVerdict.id(), DrillPassed.id())
                .hasNotPassed(DamageSandbox.id(), RemediateDrill.id(), RetryDrill.id());
        assertThat(ran).containsExactly("restore started into {\"tickets\":{\"path\":\"/sandbox/dr-1/tickets\"}}", "passed",
                "released");
    }

    @Test
    void aNegativeControlDamagesTheSandboxCopyBeforeTheChecks() {
        ProcessInstance drill = request(true, false);
        untilRestored(drill);
        agentDoes(drill, DamageSandbox, Map.of());
        agentDoes(drill, RunChecks, Map.of());
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);

        assertThat(drill).isEnded().hasPassedInOrder(WaitForRestore.id(), DamageSandbox.id(), RunChecks.id(),
                TearDownSandbox.id(), DrillPassed.id());
    }

    @Test
    void aFailedDrillGivesTheOwnerGroupARemediationTaskThatNeedsANote() {
        verdict = DrillVerdict.FAILED;
        ProcessInstance drill = request(false, false);
        untilRestored(drill);
        agentDoes(drill, RunChecks, Map.of());
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);
        assertThat(drill).isWaitingAt(RemediateDrill.id()).task().hasCandidateGroup("ticket-owners");

        assertThatThrownBy(() -> as("dana", "ticket-owners", () -> complete(task(drill), withVariables(REMEDIATION_NOTE.name(), " "))))
                .isInstanceOf(RefusedAnswer.class).hasMessageContaining("remediationNote is required");
        verify(steps, never()).remediated(anyString(), anyString(), anyString());
        as("dana", "ticket-owners", () -> complete(task(drill), withVariables(REMEDIATION_NOTE.name(),
                "re-took the backup, CHG0031")));

        assertThat(drill).isEnded().hasPassedInOrder(RecordVerdict.id(), RemediateDrill.id(), DrillFailed.id());
        verify(steps).remediated(ID, "dana", "re-took the backup, CHG0031");
    }

    @Test
    void aFailedRestoreIsProbedForASandboxProblemAndTheSandboxStillGoes() {
        verdict = DrillVerdict.FAILED;
        ProcessInstance drill = request(false, false);
        agentDoes(drill, PrepareSandbox, Map.of(SANDBOX.name(), "{}"));
        runJob(drill);
        restoreEnded("FAILED");
        agentDoes(drill, ProbeSandbox, Map.of());
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);

        assertThat(drill).isWaitingAt(RemediateDrill.id()).hasPassedInOrder(WaitForRestore.id(), ProbeSandbox.id(),
                RestoreFailedInSandbox.id(), TearDownSandbox.id(), RecordVerdict.id()).hasNotPassed(RunChecks.id());
    }

    @Test
    void aBusyServiceMakesTheDrillWaitAndAskAgain() {
        busyOnce = true;
        ProcessInstance drill = request(false, false);
        agentDoes(drill, PrepareSandbox, Map.of(SANDBOX.name(), "{}"));
        runJob(drill);
        assertThat(drill).isWaitingAt(WaitForService.id());
        runJob(drill);
        assertThat(drill).isWaitingAt(StartRestore.id());
        runJob(drill);
        assertThat(drill).isWaitingAt(WaitForRestore.id());
        assertThat(ran).containsExactly("restore started into {}");
    }

    @Test
    void aSandboxThatCannotBeUsedIsInconclusiveTornDownAndDrilledOnceMore() {
        verdict = DrillVerdict.INCONCLUSIVE;
        ProcessInstance drill = request(false, false);
        TestWorker.throwBpmnError(drill, DrillRunbook.ERROR_SANDBOX_FAILED, "PrepareSandbox: connection refused", Map.of());
        assertThat(drill).isWaitingAt(TearDownSandbox.id());
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);
        runJob(drill);

        assertThat(drill).isEnded().hasPassedInOrder(PrepareSandbox.id(), SandboxFailed.id(), TearDownSandbox.id(),
                RecordVerdict.id(), RetryDrill.id(), DrillInconclusive.id()).hasNotPassed(StartRestore.id());
        assertThat(ran).containsExactly("inconclusive (PrepareSandbox: connection refused)", "retried", "released");
    }

    @Test
    void aRetryThatIsInconclusiveAgainIsRaisedToOperators() {
        verdict = DrillVerdict.INCONCLUSIVE;
        ProcessInstance drill = request(false, true);
        TestWorker.throwBpmnError(drill, DrillRunbook.ERROR_SANDBOX_FAILED, "PrepareSandbox: connection refused", Map.of());
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);
        assertThat(drill).isWaitingAt(ReviewInconclusive.id()).task().hasCandidateGroup(DrillRunbook.INCONCLUSIVE_GROUP);
        as("olga", Roles.OPERATORS, () -> complete(task(drill), withVariables(REMEDIATION_NOTE.name(),
                "sandbox server disk full, freed")));
        verify(steps).remediated(ID, "olga", "sandbox server disk full, freed");

        assertThat(drill).isEnded().hasPassed(ReviewInconclusive.id(), DrillInconclusiveTwice.id()).hasNotPassed(RetryDrill.id());
    }

    @Test
    void aDrillPastItsTimeLimitStopsTheRestoreAndStillTearsDown() {
        verdict = DrillVerdict.INCONCLUSIVE;
        ProcessInstance drill = request(false, false);
        agentDoes(drill, PrepareSandbox, Map.of(SANDBOX.name(), "{}"));
        runJob(drill);
        Job limit = jobQuery().processInstanceId(drill.getId()).activityId(TimeLimit.id()).singleResult();
        assertThat(Duration.between(Instant.now(), limit.getDuedate().toInstant())).isBetween(Duration.ofMinutes(119),
                Duration.ofHours(2));
        execute(limit);
        runJob(drill);
        agentDoes(drill, TearDownSandbox, Map.of());
        runJob(drill);

        assertThat(drill).hasPassedInOrder(WaitForRestore.id(), TimeLimit.id(), CancelRestore.id(), TearDownSandbox.id(),
                RecordVerdict.id()).hasNotPassed(RunChecks.id());
        assertThat(ran).contains("restore cancelled", "inconclusive (timed out)");
    }

    /** Runs the one job that is not the time limit's timer: the next asynchronous step, or the busy wait's timer. */
    private static void runJob(ProcessInstance drill) {
        List<String> timeLimit = jobQuery().processInstanceId(drill.getId()).activityId(TimeLimit.id()).list().stream()
                .map(Job::getId).toList();
        List<Job> steps = jobQuery().processInstanceId(drill.getId()).list().stream()
                .filter(job -> !timeLimit.contains(job.getId())).toList();
        assertThat(steps).hasSize(1);
        execute(steps.get(0));
    }

    private void untilRestored(ProcessInstance drill) {
        agentDoes(drill, PrepareSandbox, Map.of(SANDBOX.name(), "{}"));
        runJob(drill);
        restoreEnded("SUCCEEDED");
    }

    /** The restore's end, as its listener sends it; the drill goes on in a job of its own. */
    private static void restoreEnded(String state) {
        runtimeService().createMessageCorrelation(DrillRunbook.MESSAGE_RESTORE_FINISHED).processInstanceBusinessKey(ID)
                .setVariable(RESTORE_STATE.name(), state).correlate();
        runJob(runtimeService().createProcessInstanceQuery().processInstanceBusinessKey(ID).singleResult());
    }

    /** As {@link DrillService} starts it. */
    private static ProcessInstance request(boolean negativeControl, boolean retried) {
        VariableMap variables = Variables.createVariables();
        DRILL_ID.put(variables, ID);
        SERVICE_ID.put(variables, "ticket-db");
        OWNER_GROUP.put(variables, "ticket-owners");
        NEGATIVE_CONTROL.put(variables, negativeControl);
        RETRIED.put(variables, retried);
        TIME_LIMIT.put(variables, "PT2H");
        return runtimeService().startProcessInstanceByKey(DrillRunbook.KEY, ID, variables);
    }

    private static void as(String user, String group, Runnable work) {
        identityService().setAuthentication(user, List.of(group));
        try {
            work.run();
        } finally {
            identityService().clearAuthentication();
        }
    }

    private static LockedExternalTask agentDoes(ProcessInstance drill, DrillRunbook.Element step, Map<String, Object> results) {
        assertThat(drill).isWaitingAt(step.id()).externalTask().hasTopicName(DrillRunbook.TOPIC);
        return TestWorker.complete(drill, results);
    }
}
