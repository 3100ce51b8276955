package io.lifeboat.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.BackupExecution.DataSourceVerification;

import static io.lifeboat.backup.BackupRunbook.ERROR_AGENT_FAILED;
import static io.lifeboat.backup.BackupRunbook.ERROR_VERIFICATION_FAILED;
import static io.lifeboat.backup.BackupRunbook.TOPIC_AGENT;
import static io.lifeboat.backup.BackupRunbook.TOPIC_VERIFY;
import static io.lifeboat.backup.BackupRunbook.Variables.ARTIFACTS;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.METHOD;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.backup.BackupRunbook.Variables.VERIFICATIONS;

/**
 * The work of the runbook's external tasks (agent run, verification), the same for the in-process worker and a
 * remote agent. It touches no database: results go back as task variables. It keeps the task's lock while the
 * tool runs ({@link TaskLockKeeper}); retryable failures are retried {@code attempts} times, after which (or at once, for a failure
 * that cannot heal) the runbook takes its failure path, so the thaw hook still runs and the record says why.
 */
@Component
public class BackupTaskHandler implements AgentTaskHandler {

    private static final List<String> VARIABLES =
            List.of(BACKUP_ID.name(), SERVICE_ID.name(), STORAGE_TARGET.name(), METHOD.name(), ARTIFACTS.name());

    private static final Logger LOG = LoggerFactory.getLogger(BackupTaskHandler.class);
    /** Progress is reported at most this often. */
    private static final long PROGRESS_INTERVAL_MILLIS = 5_000;

    private final BackupExecution execution;
    private final WorkerProperties properties;

    public BackupTaskHandler(BackupExecution execution, WorkerProperties properties) {
        this.execution = execution;
        this.properties = properties;
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC_AGENT, TOPIC_VERIFY);
    }

    @Override
    public List<String> variables() {
        return VARIABLES;
    }

    @Override
    public void handle(BackupTask task) {
        String backupId = task.required(BACKUP_ID.name());
        String serviceId = task.required(SERVICE_ID.name());
        String storageTarget = task.variable(STORAGE_TARGET.name());
        boolean agentStep = TOPIC_AGENT.equals(task.topic());
        List<DataSourceSnapshot> made = new ArrayList<>();
        LOG.info("{} of backup {} ({}) started", task.topic(), backupId, serviceId);
        try {
            if (agentStep) {
                try (TaskLockKeeper held = new TaskLockKeeper(task, properties.lockDuration())) {
                    execution.backUp(backupId, serviceId, storageTarget, method(task), progressOf(task), made::add);
                }
                task.complete(Map.of(ARTIFACTS.name(), AgentResultsJson.ofSnapshots(made)));
                LOG.info("{} of backup {} done: {}", task.topic(), backupId, made);
            } else {
                List<DataSourceSnapshot> snapshots = AgentResultsJson.snapshots(task.required(ARTIFACTS.name()));
                List<DataSourceVerification> results;
                try (TaskLockKeeper held = new TaskLockKeeper(task, properties.lockDuration())) {
                    results = execution.verify(serviceId, storageTarget, snapshots);
                }
                Map<String, Object> variables = Map.of(VERIFICATIONS.name(), AgentResultsJson.ofVerifications(results));
                DataSourceVerification failed = results.stream().filter(result -> !result.ok()).findFirst().orElse(null);
                if (failed == null) {
                    task.complete(variables);
                    LOG.info("{} of backup {} passed", task.topic(), backupId);
                } else {
                    task.handleBpmnError(ERROR_VERIFICATION_FAILED,
                            "verification failed: " + failed.dataSource() + ": " + failed.detail(), variables);
                    LOG.warn("{} of backup {} failed: {}: {}", task.topic(), backupId, failed.dataSource(), failed.detail());
                }
            }
        } catch (AgentException e) {
            fail(task, agentStep, made, e.getMessage(), e.isRetryable());
        } catch (RuntimeException e) {
            LOG.error("{} of backup {} failed unexpectedly", task.topic(), backupId, e);
            fail(task, agentStep, made, e.toString(), true);
        }
    }

    /**
     * @param made the snapshots of the data sources done before the failure: recorded with a failure for good, so
     *             they can be found and deleted; a retry finds them again by the backup id
     */
    private void fail(BackupTask task, boolean agentStep, List<DataSourceSnapshot> made, String message, boolean retryable) {
        if (TaskRetries.retried(task, properties, message, retryable)) {
            return;
        }
        if (agentStep) {
            task.handleBpmnError(ERROR_AGENT_FAILED, "agent failed: " + message,
                    Map.of(ARTIFACTS.name(), AgentResultsJson.ofSnapshots(made)));
        } else {
            task.handleBpmnError(ERROR_VERIFICATION_FAILED, "verification failed: " + message, Map.of());
        }
    }

    private ProgressListener progressOf(BackupTask task) {
        AtomicLong lastReport = new AtomicLong();
        return (done, total, message) -> {
            long now = System.currentTimeMillis();
            if (now - lastReport.get() < PROGRESS_INTERVAL_MILLIS) {
                return;
            }
            lastReport.set(now);
            String percent = total > 0 ? (done * 100 / total) + "% " : "";
            task.reportProgress(percent + "(" + done + " of " + total + " bytes) " + (message == null ? "" : message));
        };
    }

    /** The method asked for, or null for the policy's. */
    private static BackupMethod method(BackupTask task) {
        String method = task.variable(METHOD.name());
        return method == null ? null : BackupMethod.parse(method);
    }
}
