package io.lifeboat.retention;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.backup.AgentResultsJson;
import io.lifeboat.backup.AgentTaskHandler;
import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupTask;
import io.lifeboat.backup.TaskLockKeeper;
import io.lifeboat.backup.TaskRetries;
import io.lifeboat.backup.WorkerProperties;
import io.lifeboat.storage.ObjectLockedException;

import static io.lifeboat.retention.BackupDeletionRunbook.ERROR_DELETE_FAILED;
import static io.lifeboat.retention.BackupDeletionRunbook.ERROR_OBJECT_LOCKED;
import static io.lifeboat.retention.BackupDeletionRunbook.TOPIC_DELETE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.ARTIFACTS;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DELETED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.SERVICE_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.STORAGE_TARGET;

/**
 * The work of the {@code backup-delete} topic, the same in-process and in an agent on a data host: the backup's
 * snapshots go through the agents that made them, and on an S3 target their objects too. It touches no database;
 * the engine records the result when the task ends. Deleting what is already gone succeeds, so a repeated task
 * (a retry, a worker whose lock ran out) does no harm. Object Lock keeping the objects is no failure and no retry
 * changes it before the date: the runbook keeps the backup. A tool failure is retried, then the runbook records it.
 */
@Component
public class DeleteTaskHandler implements AgentTaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteTaskHandler.class);
    private static final List<String> VARIABLES =
            List.of(BACKUP_ID.name(), SERVICE_ID.name(), STORAGE_TARGET.name(), ARTIFACTS.name());

    private final BackupExecution execution;
    private final WorkerProperties properties;

    public DeleteTaskHandler(BackupExecution execution, WorkerProperties properties) {
        this.execution = execution;
        this.properties = properties;
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC_DELETE);
    }

    @Override
    public List<String> variables() {
        return VARIABLES;
    }

    @Override
    public void handle(BackupTask task) {
        String backupId = task.required(BACKUP_ID.name());
        LOG.info("{} of backup {} started", task.topic(), backupId);
        try {
            try (TaskLockKeeper held = new TaskLockKeeper(task, properties.lockDuration())) {
                execution.delete(task.required(SERVICE_ID.name()), task.variable(STORAGE_TARGET.name()),
                        AgentResultsJson.snapshots(task.required(ARTIFACTS.name())));
            }
            task.complete(Map.of(DELETED.name(), true));
            LOG.info("{} of backup {} done", task.topic(), backupId);
        } catch (ObjectLockedException e) {
            LOG.info("{} of backup {}: {}", task.topic(), backupId, e.getMessage());
            task.handleBpmnError(ERROR_OBJECT_LOCKED, e.getMessage(), Map.of());
        } catch (AgentException e) {
            fail(task, e.getMessage(), e.isRetryable());
        } catch (RuntimeException e) {
            LOG.error("{} of backup {} failed unexpectedly", task.topic(), backupId, e);
            fail(task, e.toString(), true);
        }
    }

    private void fail(BackupTask task, String message, boolean retryable) {
        if (!TaskRetries.retried(task, properties, message, retryable)) {
            task.handleBpmnError(ERROR_DELETE_FAILED, message, Map.of());
        }
    }
}
