package io.lifeboat.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.backup.RecordingTask;
import io.lifeboat.backup.WorkerProperties;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Planned;
import io.lifeboat.restore.RestoreJson.Restored;

import static io.lifeboat.restore.RestoreRunbook.Variables.CHECKS;
import static io.lifeboat.restore.RestoreRunbook.Variables.PLAN;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORED;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SERVICE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * How the restore's tool steps answer the engine: a tool failure is retried while attempts are left; then the steps
 * before the switch take the runbook's failure path (a BPMN error, so the copy is discarded) and the steps from the
 * switch on stay an incident at their step, for an operator to look at.
 */
class RestoreTaskHandlerTest {

    private static final Snapshot SNAPSHOT = new Snapshot("files", "bk-1", 10, 2, "abc", null);
    private static final Plan PLAN_IN_PLACE = new Plan("rs-1", RestoreMode.IN_PLACE, List.of(), null, Instant.EPOCH,
            List.of(new Planned("tickets", SNAPSHOT, Map.of())), List.of(), true);
    private static final Restored RESTORED_TICKETS = new Restored("tickets", new RestoredData("/d", null, null, null));

    private final RestoreExecution execution = mock(RestoreExecution.class);
    private final RestoredDataCheckRunner checks = mock(RestoredDataCheckRunner.class);
    private final RestoreTaskHandler handler = new RestoreTaskHandler(execution, checks,
            new WorkerProperties(true, Duration.ofMinutes(2), Duration.ofSeconds(1), 1, 3, Duration.ofSeconds(30)));

    @Test
    void aRestoreThatKeepsFailingIsRetriedThenTakesTheFailurePathWithWhatWasRestoredSoFar() throws Exception {
        doAnswer(call -> {
            call.<Consumer<Restored>>getArgument(4).accept(RESTORED_TICKETS);
            throw new AgentException("disk full", true);
        }).when(execution).restore(eq("ticket-db"), any(), any(), any(), any());

        RecordingTask first = task(RestoreRunbook.Element.RestoreData);
        handler.handle(first);
        assertThat(first.failures).containsExactly("disk full (2 left)");
        assertThat(first.bpmnError).isNull();

        RecordingTask last = task(RestoreRunbook.Element.RestoreData);
        last.retries = 1;
        handler.handle(last);
        assertThat(last.failures).isEmpty();
        assertThat(last.bpmnError).isEqualTo(RestoreRunbook.ERROR_RESTORE_FAILED + ": restore failed: disk full");
        assertThat(RestoreJson.restored((String) last.bpmnVariables.get(RESTORED.name()))).containsExactly(RESTORED_TICKETS);
    }

    @Test
    void aSwitchThatFailsForGoodIsAnIncidentAtItsStepNotTheFailurePath() throws Exception {
        doThrow(new AgentException("rename refused: device busy", false)).when(execution).switchIn(any(), any(), any(), anyList());

        RecordingTask task = task(RestoreRunbook.Element.SwitchIn);
        handler.handle(task);

        assertThat(task.bpmnError).isNull();
        assertThat(task.failures).containsExactly("SwitchIn failed: rename refused: device busy (0 left)");
    }

    @Test
    void aFailedCheckFailsTheRestoreWithEveryResultWhileASkippedOneDoesNot() {
        CheckOutcome passed = new CheckOutcome("fileChecksum tickets.csv", true, false, "as recorded");
        CheckOutcome skipped = new CheckOutcome("rowCount users", false, true, "skipped: users was not restored");
        CheckOutcome failed = new CheckOutcome("rowCount tickets.csv", false, false, "199 rows, 200 expected");
        when(checks.run(eq("ticket-db"), any(), any(), anyList())).thenReturn(List.of(passed, skipped));
        RecordingTask good = task(RestoreRunbook.Element.RunChecks);
        handler.handle(good);
        assertThat(good.bpmnError).isNull();
        assertThat(RestoreJson.checks((String) good.completed.get(CHECKS.name()))).containsExactly(passed, skipped);

        when(checks.run(eq("ticket-db"), any(), any(), anyList())).thenReturn(List.of(passed, skipped, failed));
        RecordingTask bad = task(RestoreRunbook.Element.RunChecks);
        handler.handle(bad);
        assertThat(bad.bpmnError).isEqualTo(RestoreRunbook.ERROR_CHECK_FAILED
                + ": check rowCount tickets.csv failed: 199 rows, 200 expected");
        assertThat(RestoreJson.checks((String) bad.bpmnVariables.get(CHECKS.name()))).containsExactly(passed, skipped, failed);
    }

    @Test
    void tooLittleSpaceIsTheCapacityErrorAtOnce() throws Exception {
        when(execution.capacityProblem(eq("ticket-db"), any(), any())).thenReturn(Optional.of("tickets: 10 bytes free"));

        RecordingTask task = task(RestoreRunbook.Element.CheckCapacity);
        handler.handle(task);

        assertThat(task.failures).isEmpty();
        assertThat(task.bpmnError).isEqualTo(RestoreRunbook.ERROR_INSUFFICIENT_CAPACITY + ": refused: tickets: 10 bytes free");
    }

    @Test
    void discardingAFailedRestoreHandsTheAgentsTheSafetyBackupsSnapshots() throws Exception {
        RecordingTask task = task(RestoreRunbook.Element.DiscardRestored);
        task.variables.put(RestoreRunbook.Variables.PREVIOUS.name(), RestoreJson.of(Map.of("tickets", SNAPSHOT)));
        doAnswer(call -> {
            assertThat(call.<Map<String, Snapshot>>getArgument(4)).containsEntry("tickets", SNAPSHOT);
            return null;
        }).when(execution).discardRestored(eq("ticket-db"), any(), any(), anyList(), anyMap());

        handler.handle(task);

        assertThat(task.completed).isEmpty();
        assertThat(task.bpmnError).isNull();
    }

    private static RecordingTask task(RestoreRunbook.Element step) {
        RecordingTask task = new RecordingTask(RestoreRunbook.TOPIC);
        task.activityId = step.id();
        task.variables.put(RESTORE_ID.name(), "rs-1");
        task.variables.put(SERVICE_ID.name(), "ticket-db");
        task.variables.put(PLAN.name(), RestoreJson.of(PLAN_IN_PLACE));
        task.variables.put(RESTORED.name(), RestoreJson.of(List.of(RESTORED_TICKETS)));
        return task;
    }
}
