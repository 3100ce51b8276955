package io.lifeboat.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.backup.AgentTaskHandler;
import io.lifeboat.backup.BackupTask;
import io.lifeboat.backup.TaskLockKeeper;
import io.lifeboat.backup.TaskRetries;
import io.lifeboat.backup.WorkerProperties;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Restored;
import io.lifeboat.restore.RestoreRunbook.Element;

import static io.lifeboat.restore.RestoreRunbook.ERROR_CHECK_FAILED;
import static io.lifeboat.restore.RestoreRunbook.ERROR_INSUFFICIENT_CAPACITY;
import static io.lifeboat.restore.RestoreRunbook.ERROR_RESTORE_FAILED;
import static io.lifeboat.restore.RestoreRunbook.ERROR_VERIFICATION_FAILED;
import static io.lifeboat.restore.RestoreRunbook.TOPIC;
import static io.lifeboat.restore.RestoreRunbook.Variables.CHECKS;
import static io.lifeboat.restore.RestoreRunbook.Variables.PLAN;
import static io.lifeboat.restore.RestoreRunbook.Variables.PREVIOUS;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORED;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SERVICE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.STORAGE_TARGET;

/**
 * The work of the restore runbook's tool steps, all on topic {@code backup-restore} and told apart by their step, the
 * same for the in-process worker and an agent on a data host. It touches no database: results go back as task
 * variables. Retryable tool failures are retried as for backups ({@link TaskRetries}); after that the steps before
 * the switch throw the runbook's BPMN error, which discards what was restored, and the steps from the switch on
 * become a Camunda incident at that step, since only an operator can tell what a half-done switch needs.
 */
@Component
public class RestoreTaskHandler implements AgentTaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreTaskHandler.class);
    private static final List<String> VARIABLES = List.of(RESTORE_ID.name(), SERVICE_ID.name(), STORAGE_TARGET.name(),
            PLAN.name(), RESTORED.name(), PREVIOUS.name());

    private final RestoreExecution execution;
    private final RestoredDataCheckRunner checks;
    private final WorkerProperties properties;

    public RestoreTaskHandler(RestoreExecution execution, RestoredDataCheckRunner checks, WorkerProperties properties) {
        this.execution = execution;
        this.checks = checks;
        this.properties = properties;
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    @Override
    public List<String> variables() {
        return VARIABLES;
    }

    @Override
    public void handle(BackupTask task) {
        String restoreId = task.required(RESTORE_ID.name());
        Element step = Element.valueOf(task.activityId());
        LOG.info("{} of restore {} started", step, restoreId);
        List<Restored> restored = new ArrayList<>();
        TaskLockKeeper.answerAfter(task, properties.lockDuration(), step + " of restore " + restoreId,
                () -> work(task, step, restored), (message, retryable) -> fail(task, step, restored, message, retryable));
    }

    /** Does the step's work and says how to answer the engine. */
    private Runnable work(BackupTask task, Element step, List<Restored> restored) throws AgentException {
        String serviceId = task.required(SERVICE_ID.name());
        String storageTarget = task.variable(STORAGE_TARGET.name());
        Plan plan = RestoreJson.plan(task.required(PLAN.name()));
        return switch (step) {
            case CheckCapacity -> {
                Optional<String> problem = execution.capacityProblem(serviceId, storageTarget, plan);
                yield problem.<Runnable>map(why -> () -> task.handleBpmnError(ERROR_INSUFFICIENT_CAPACITY, "refused: " + why,
                        Map.of())).orElse(() -> task.complete(Map.of()));
            }
            case RestoreData -> {
                execution.restore(serviceId, storageTarget, plan, (done, total, message) -> { }, restored::add);
                yield () -> task.complete(Map.of(RESTORED.name(), RestoreJson.of(restored)));
            }
            case VerifyRestored -> {
                Verification verification = execution.verify(serviceId, storageTarget, plan, restoredOf(task));
                yield verification.ok() ? () -> task.complete(Map.of()) : () -> task.handleBpmnError(ERROR_VERIFICATION_FAILED,
                        "verification failed: " + verification.detail(), Map.of());
            }
            case RunChecks -> {
                List<CheckOutcome> outcomes = checks.run(serviceId, storageTarget, plan, restoredOf(task));
                Map<String, Object> variables = Map.of(CHECKS.name(), RestoreJson.of(outcomes));
                Optional<CheckOutcome> failed = outcomes.stream().filter(CheckOutcome::failed).findFirst();
                yield failed.<Runnable>map(check -> () -> task.handleBpmnError(ERROR_CHECK_FAILED, "check " + check.name()
                        + " failed: " + check.evidence(), variables)).orElse(() -> task.complete(variables));
            }
            case SwitchIn -> {
                execution.switchIn(serviceId, storageTarget, plan, restoredOf(task));
                yield () -> task.complete(Map.of());
            }
            case SwitchBack -> {
                execution.switchBack(serviceId, storageTarget, plan, restoredOf(task), previousOf(task));
                yield () -> task.complete(Map.of());
            }
            case DiscardRestored -> {
                execution.discardRestored(serviceId, storageTarget, plan, restoredOf(task), previousOf(task));
                yield () -> task.complete(Map.of());
            }
            case DiscardPrevious -> {
                execution.discardPrevious(serviceId, storageTarget, plan);
                yield () -> task.complete(Map.of());
            }
            default -> throw new IllegalStateException("step " + step + " of the restore runbook is no tool step");
        };
    }

    /** The safety backup's snapshot per data source; empty when it was waived or the restore is not in place. */
    private static Map<String, Snapshot> previousOf(BackupTask task) {
        String previous = task.variable(PREVIOUS.name());
        return previous == null ? Map.of() : RestoreJson.snapshots(previous);
    }

    private static List<Restored> restoredOf(BackupTask task) {
        String restored = task.variable(RESTORED.name());
        return restored == null ? List.of() : RestoreJson.restored(restored);
    }

    private void fail(BackupTask task, Element step, List<Restored> restored, String message, boolean retryable) {
        if (TaskRetries.retried(task, properties, message, retryable)) {
            return;
        }
        switch (step) {
            case CheckCapacity -> task.handleBpmnError(ERROR_INSUFFICIENT_CAPACITY, "capacity check failed: " + message, Map.of());
            case RestoreData -> task.handleBpmnError(ERROR_RESTORE_FAILED, "restore failed: " + message,
                    Map.of(RESTORED.name(), RestoreJson.of(restored)));
            case VerifyRestored -> task.handleBpmnError(ERROR_VERIFICATION_FAILED, "verification failed: " + message, Map.of());
            case RunChecks -> task.handleBpmnError(ERROR_CHECK_FAILED, "checks could not run: " + message, Map.of());
            default -> task.handleFailure(step + " failed: " + message, 0, 0);
        }
    }
}
