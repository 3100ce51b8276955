package io.lifeboat.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an agent task that failed is tried again, whatever its topic: {@code lifeboat.worker.attempts} in all,
 * {@code retry-backoff} apart, counted by the engine on the task. A failure no retry can mend, or the last attempt's,
 * takes the runbook's failure path (a BPMN error) instead, so the failure is recorded where the diagram says.
 */
public final class TaskRetries {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRetries.class);

    private TaskRetries() {
    }

    /**
     * Hands the failure back to the engine for another attempt if one is left.
     *
     * @return false when the failure cannot heal or no attempt is left: the caller throws the runbook's BPMN error
     */
    public static boolean retried(BackupTask task, WorkerProperties worker, String message, boolean retryable) {
        int attemptsLeft = (task.retries() == null ? worker.attempts() : task.retries()) - 1;
        if (!retryable || attemptsLeft <= 0) {
            LOG.warn("{} of task {} failed for good: {}", task.topic(), task.id(), message);
            return false;
        }
        LOG.warn("{} of task {} failed, {} attempts left: {}", task.topic(), task.id(), attemptsLeft, message);
        task.handleFailure(message, attemptsLeft, worker.retryBackoff().toMillis());
        return true;
    }
}
