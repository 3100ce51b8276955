package io.lifeboat.incident;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.JavaDelegate;
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
import io.lifeboat.engine.RefusedAnswer;

import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Element.ApproveStatusUpdate;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Element.RenderStatusUpdate;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Element.SendStatusUpdate;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Element.StatusUpdateDue;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Element.StatusUpdateSent;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.CUSTOMER_VISIBLE;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.MILESTONE;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.MILESTONE_TEXT;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.STATUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * The {@code incident-status-update} runbook on the engine alone: its start is asynchronous (whoever starts it only
 * inserts a job), the rendered text waits for a commander, who edits it and sends it under their own name; an empty
 * or too long text is refused and the task stays open. Render and send are stand-ins saying what ran; the approval's
 * listener is the real one.
 */
@Deployment(resources = {"processes/incident-status-update.bpmn", "processes/forms/status-update-approval.form"})
class IncidentStatusUpdateRunbookTest {

    private static final String INCIDENT = "INC-20261202-101500-a1b2c3";

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void registerDelegates() {
        Mocks.register("renderStatusUpdate", (JavaDelegate) execution -> {
            ran.add("rendered " + MILESTONE.from(execution));
            STATUS_TEXT.set(execution, "Ticket database is down; next update by 11:00 UTC");
        });
        Mocks.register("approveStatusUpdate", new IncidentStatusUpdateDelegates().approveStatusUpdate());
        Mocks.register("sendStatusUpdate", (JavaDelegate) execution -> ran.add("sent by "
                + IncidentStatusUpdateRunbook.Variables.APPROVED_BY.from(execution) + (CUSTOMER_VISIBLE.from(execution)
                ? ", customer-visible" : "") + ": " + STATUS_TEXT.from(execution)));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    @Test
    void theRenderedUpdateWaitsForACommanderWhoEditsAndSendsItUnderTheirName() {
        ProcessInstance update = start("classified");
        assertThat(update).as("the starter's transaction only inserted the start").isWaitingAt(StatusUpdateDue.id());
        assertThat(ran).isEmpty();
        execute(job(update));
        assertThat(update).isWaitingAt(RenderStatusUpdate.id());
        execute(job(update));
        assertThat(update).isWaitingAt(ApproveStatusUpdate.id()).task().hasCandidateGroup(IncidentStatusUpdateRunbook.APPROVAL_GROUP)
                .hasName("Approve status update " + INCIDENT + " (classified)");
        assertThat(update).variables().containsEntry(STATUS_TEXT.name(), "Ticket database is down; next update by 11:00 UTC");

        asCommander(() -> complete(task(update), withVariables(STATUS_TEXT.name(), "  Ticket database is down; we restore it  ",
                CUSTOMER_VISIBLE.name(), true)));
        assertThat(update).isWaitingAt(SendStatusUpdate.id());
        execute(job(update));

        assertThat(update).isEnded().hasPassedInOrder(StatusUpdateDue.id(), RenderStatusUpdate.id(), ApproveStatusUpdate.id(),
                SendStatusUpdate.id(), StatusUpdateSent.id());
        assertThat(ran).containsExactly("rendered classified", "sent by commander, customer-visible: Ticket database is down; we restore it");
    }

    @Test
    void anEmptyOrTooLongUpdateIsRefusedAndTheTaskStaysOpen() {
        ProcessInstance update = start("resolved");
        execute(job(update));
        execute(job(update));

        assertThatThrownBy(() -> asCommander(() -> complete(task(update), withVariables(STATUS_TEXT.name(), " "))))
                .isInstanceOf(RefusedAnswer.class).hasMessageContaining("statusText is required");
        assertThatThrownBy(() -> asCommander(() -> complete(task(update), withVariables(STATUS_TEXT.name(),
                "x".repeat(IncidentStatusUpdateRunbook.MAX_TEXT + 1)))))
                .isInstanceOf(RefusedAnswer.class).hasMessageContaining("at most 2000 fit");
        assertThat(update).isWaitingAt(ApproveStatusUpdate.id());

        asCommander(() -> complete(task(update), withVariables(STATUS_TEXT.name(), "Resolved.")));
        execute(job(update));
        assertThat(update).isEnded();
        assertThat(ran).containsExactly("rendered resolved", "sent by commander: Resolved.");
    }

    @Test
    void aNewerMilestonesUpdateDoesNotWaitForAnOlderOne() {
        ProcessInstance older = start("classified");
        execute(job(older));
        execute(job(older));
        ProcessInstance newer = start("emergency-backup-done");
        execute(job(newer));
        execute(job(newer));

        assertThat(newer).isWaitingAt(ApproveStatusUpdate.id());
        asCommander(() -> complete(task(newer), withVariables(STATUS_TEXT.name(), "Backup done.")));
        execute(job(newer));
        assertThat(newer).isEnded();
        assertThat(older).isWaitingAt(ApproveStatusUpdate.id());
    }

    /** As {@link IncidentMilestones} starts it. */
    private static ProcessInstance start(String milestone) {
        VariableMap variables = Variables.createVariables();
        INCIDENT_ID.put(variables, INCIDENT);
        MILESTONE.put(variables, milestone);
        MILESTONE_TEXT.put(variables, "classified critical on tier 1");
        return runtimeService().startProcessInstanceByKey(IncidentStatusUpdateRunbook.KEY, INCIDENT, variables);
    }

    private static void asCommander(Runnable work) {
        identityService().setAuthentication("commander", List.of(IncidentStatusUpdateRunbook.APPROVAL_GROUP));
        try {
            work.run();
        } finally {
            identityService().clearAuthentication();
        }
    }
}
