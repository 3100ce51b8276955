package io.lifeboat.drill;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.backup.AgentTaskHandler;
import io.lifeboat.backup.BackupTask;
import io.lifeboat.backup.TaskLockKeeper;
import io.lifeboat.backup.TaskRetries;
import io.lifeboat.backup.WorkerProperties;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.drill.DrillRunbook.Element;
import io.lifeboat.restore.RestoredCopies;
import io.lifeboat.restore.RestoredCopy;

import static io.lifeboat.drill.DrillRunbook.ERROR_SANDBOX_FAILED;
import static io.lifeboat.drill.DrillRunbook.TOPIC;
import static io.lifeboat.drill.DrillRunbook.Variables.CHECKS;
import static io.lifeboat.drill.DrillRunbook.Variables.CHECKS_FINISHED_AT;
import static io.lifeboat.drill.DrillRunbook.Variables.CHECKS_STARTED_AT;
import static io.lifeboat.drill.DrillRunbook.Variables.DAMAGE;
import static io.lifeboat.drill.DrillRunbook.Variables.DRILL_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORED_DATA;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_PLAN;
import static io.lifeboat.drill.DrillRunbook.Variables.SANDBOX;
import static io.lifeboat.drill.DrillRunbook.Variables.SANDBOX_PROBLEM;
import static io.lifeboat.drill.DrillRunbook.Variables.SERVICE_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.drill.DrillRunbook.Variables.TEARDOWN;

/**
 * The work of the drill runbook's tool steps, all on topic {@code drill} and told apart by their step, the same for
 * the in-process worker and an agent on a data host: it touches no Lifeboat database, results go back as task
 * variables. A sandbox that cannot be used, after the retries, is the runbook's SANDBOX_FAILED error, which makes
 * the drill inconclusive; a teardown that fails is recorded, never an error, so the verdict still gets written.
 */
@Component
public class DrillTaskHandler implements AgentTaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DrillTaskHandler.class);
    private static final List<String> VARIABLES = List.of(DRILL_ID.name(), SERVICE_ID.name(), SANDBOX.name(),
            STORAGE_TARGET.name(), RESTORE_PLAN.name(), RESTORED_DATA.name(), DAMAGE.name());

    private final Catalog catalog;
    private final DrillSandboxes sandboxes;
    private final NegativeControl negativeControl;
    private final RestoredCopies copies;
    private final RestoredDataChecks checks;
    private final WorkerProperties properties;
    private final Clock clock;

    public DrillTaskHandler(Catalog catalog, DrillSandboxes sandboxes, NegativeControl negativeControl, RestoredCopies copies,
                            RestoredDataChecks checks, WorkerProperties properties, Clock clock) {
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.negativeControl = negativeControl;
        this.copies = copies;
        this.checks = checks;
        this.properties = properties;
        this.clock = clock;
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
        String drillId = task.required(DRILL_ID.name());
        Element step = Element.valueOf(task.activityId());
        LOG.info("{} of drill {} started", step, drillId);
        TaskLockKeeper.answerAfter(task, properties.lockDuration(), step + " of drill " + drillId, () -> {
            Map<String, Object> result = work(task, step, drillId);
            return () -> task.complete(result);
        }, (message, retryable) -> fail(task, step, message, retryable));
    }

    private Map<String, Object> work(BackupTask task, Element step, String drillId) throws AgentException {
        ServiceDefinition service = catalog.require(task.required(SERVICE_ID.name()));
        return switch (step) {
            case PrepareSandbox -> Map.of(SANDBOX.name(), DrillJson.of(sandboxes.plan(service, drillId)));
            case ProbeSandbox -> {
                String problem = sandboxes.problem(service, drillId, DrillJson.sandbox(task.variable(SANDBOX.name())))
                        .orElse(null);
                yield problem == null ? Map.of() : Map.of(SANDBOX_PROBLEM.name(), problem);
            }
            case DamageSandbox -> Map.of(DAMAGE.name(), DrillJson.of(negativeControl.damage(copies.sources(copy(task)),
                    drillChecks(service))));
            case RunChecks -> {
                Instant started = clock.instant();
                List<CheckResult> results = checks.run(drillChecks(service), copies.sources(copy(task)));
                yield Map.of(CHECKS.name(), DrillJson.of(results), CHECKS_STARTED_AT.name(), started.toString(),
                        CHECKS_FINISHED_AT.name(), clock.instant().toString());
            }
            case TearDownSandbox -> Map.of(TEARDOWN.name(), DrillJson.of(tearDown(task, drillId)));
            default -> throw new IllegalStateException("step " + step + " of the drill runbook is no tool step");
        };
    }

    /** The checks the service's drill policy names, all of them unless it names some. */
    private static List<DrillCheck> drillChecks(ServiceDefinition service) {
        List<String> named = service.drillPolicy().checks();
        return service.drillChecks().stream().filter(check -> named.contains(check.name())).toList();
    }

    /**
     * Whatever went wrong before, the sandbox goes: what the restore put there (when there is a plan to say what),
     * then the drill's directory. Each part is tried even when the other fails, and what is left is said.
     */
    private DrillRecord.Teardown tearDown(BackupTask task, String drillId) {
        StringBuilder left = new StringBuilder();
        if (task.variable(RESTORE_PLAN.name()) != null) {
            try {
                copies.discard(copy(task));
            } catch (AgentException | RuntimeException e) {
                left.append("the restored data was not removed: ").append(e.getMessage()).append("; ");
            }
        }
        try {
            sandboxes.removeDirectory(drillId);
        } catch (AgentException | RuntimeException e) {
            left.append("the sandbox directory was not removed: ").append(e.getMessage());
        }
        return left.isEmpty() ? new DrillRecord.Teardown(true, "sandbox removed")
                : new DrillRecord.Teardown(false, left.toString().replaceFirst("; $", ""));
    }

    private static RestoredCopy copy(BackupTask task) {
        String restored = task.variable(RESTORED_DATA.name());
        return new RestoredCopy(task.required(SERVICE_ID.name()), task.variable(STORAGE_TARGET.name()),
                task.required(RESTORE_PLAN.name()), restored == null ? "[]" : restored);
    }

    private void fail(BackupTask task, Element step, String message, boolean retryable) {
        if (TaskRetries.retried(task, properties, message, retryable)) {
            return;
        }
        switch (step) {
            case PrepareSandbox, ProbeSandbox, DamageSandbox, RunChecks ->
                    task.handleBpmnError(ERROR_SANDBOX_FAILED, step + ": " + message, Map.of());
            case TearDownSandbox -> task.complete(Map.of(TEARDOWN.name(), DrillJson.of(new DrillRecord.Teardown(false, message))));
            default -> task.handleFailure(step + " failed: " + message, 0, 0);
        }
    }
}
