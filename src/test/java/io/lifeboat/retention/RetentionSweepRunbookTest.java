package io.lifeboat.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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

import static io.lifeboat.retention.RetentionSweepRunbook.Element.ClaimSweep;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.DeleteExpired;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.RecordSkippedSweep;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.SweepBusy;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.SweepSkipped;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.PlanRetention;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.ReportSweep;
import static io.lifeboat.retention.RetentionSweepRunbook.Element.SweepDone;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.INITIATOR;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.RUNNING_SWEEP;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/** Both ways into the {@code retention-sweep} runbook, each step a job of its own; delegates are stand-ins by bean name. */
@Deployment(resources = "processes/retention-sweep.bpmn")
class RetentionSweepRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void registerDelegates() {
        Mocks.register("claimSweep", (JavaDelegate) execution -> ran.add("claim"));
        Mocks.register("recordSkippedSweep", (JavaDelegate) execution -> ran.add("skip because " + RUNNING_SWEEP.from(execution)));
        Mocks.register("planRetention", (JavaDelegate) execution -> ran.add("plan by " + INITIATOR.optionalFrom(execution).orElse("timer")));
        Mocks.register("deleteExpired", (JavaDelegate) execution -> ran.add("delete"));
        Mocks.register("reportSweep", (JavaDelegate) execution -> SUMMARY.set(execution, "notes: kept 3, deleted 2"));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    @Test
    void anOperatorStartsASweepThatPlansDeletesAndReportsStepByStep() {
        ProcessInstance sweep = runtimeService().startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED,
                withVariables(INITIATOR.name(), "operator"));

        assertThat(sweep).isWaitingAt(PlanRetention.id());
        execute(job(sweep));
        assertThat(sweep).isWaitingAt(DeleteExpired.id());
        execute(job(sweep));
        assertThat(sweep).isWaitingAt(ReportSweep.id());
        execute(job(sweep));

        assertThat(sweep).isEnded().hasPassedInOrder(ClaimSweep.id(), PlanRetention.id(), DeleteExpired.id(),
                        ReportSweep.id(), SweepDone.id())
                .variables().containsEntry(SUMMARY.name(), "notes: kept 3, deleted 2");
        assertThat(ran).containsExactly("claim", "plan by operator", "delete");
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

        assertThat(sweep).isEnded();
        assertThat(ran).containsExactly("claim", "plan by timer", "delete");
        assertThat(managementService().createJobQuery().timers().singleResult().getDuedate())
                .isEqualTo(Date.from(timer.getDuedate().toInstant().plus(Duration.ofDays(1))));
    }
}
