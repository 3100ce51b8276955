package io.lifeboat.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.BackupExecution.DataSourceVerification;

import static io.lifeboat.backup.BackupRunbook.ERROR_AGENT_FAILED;
import static io.lifeboat.backup.BackupRunbook.ERROR_VERIFICATION_FAILED;
import static io.lifeboat.backup.BackupRunbook.TOPIC_AGENT;
import static io.lifeboat.backup.BackupRunbook.Variables.ARTIFACTS;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.METHOD;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.backup.BackupRunbook.Variables.VERIFICATIONS;

/**
 * The work of the runbook's external tasks (agent run, verification), the same for the in-process worker and a
 * remote agent. It touches no database: results go back as task variables. It extends the lock while an agent
 * reports progress; retryable failures are retried {@code attempts} times, after which (or at once, for a failure
 * that cannot heal) the runbook takes its failure path, so the thaw hook still runs and the record says why.
 */
public class BackupTaskHandler {

    /** The variables a worker fetches with each task. */
    public static final List<String> VARIABLES =
            List.of(BACKUP_ID.name(), SERVICE_ID.name(), STORAGE_TARGET.name(), METHOD.name(), ARTIFACTS.name());

    private static final Logger LOG = LoggerFactory.getLogger(BackupTaskHandler.class);
    /** Progress is reported at most this often. */
    private static final long PROGRESS_INTERVAL_MILLIS = 5_000;
    /** Extends the locks of all tasks being worked in this JVM; extending is one quick call per task. */
    private static final ScheduledExecutorService LOCK_KEEPER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lifeboat-lock-keeper");
        thread.setDaemon(true);
        return thread;
    });

    private final BackupExecution execution;
    private final WorkerProperties properties;

    public BackupTaskHandler(BackupExecution execution, WorkerProperties properties) {
        this.execution = execution;
        this.properties = properties;
    }

    public void handle(BackupTask task) {
        String backupId = required(task, BACKUP_ID.name());
        String serviceId = required(task, SERVICE_ID.name());
        String storageTarget = task.variable(STORAGE_TARGET.name());
        boolean agentStep = TOPIC_AGENT.equals(task.topic());
        List<DataSourceSnapshot> made = new ArrayList<>();
        LOG.info("{} of backup {} ({}) started", task.topic(), backupId, serviceId);
        try {
            if (agentStep) {
                try (LockKeeper held = new LockKeeper(task)) {
                    execution.backUp(backupId, serviceId, storageTarget, method(task), progressOf(task), made::add);
                }
                task.complete(Map.of(ARTIFACTS.name(), AgentResultsJson.ofSnapshots(made)));
                LOG.info("{} of backup {} done: {}", task.topic(), backupId, made);
            } else {
                List<DataSourceSnapshot> snapshots = AgentResultsJson.snapshots(required(task, ARTIFACTS.name()));
                List<DataSourceVerification> results;
                try (LockKeeper held = new LockKeeper(task)) {
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
        int attemptsLeft = (task.retries() == null ? properties.attempts() : task.retries()) - 1;
        if (retryable && attemptsLeft > 0) {
            LOG.warn("{} of task {} failed, {} attempts left: {}", task.topic(), task.id(), attemptsLeft, message);
            task.handleFailure(message, attemptsLeft, properties.retryBackoff().toMillis());
        } else if (agentStep) {
            LOG.warn("{} of task {} failed for good: {}", task.topic(), task.id(), message);
            task.handleBpmnError(ERROR_AGENT_FAILED, "agent failed: " + message,
                    Map.of(ARTIFACTS.name(), AgentResultsJson.ofSnapshots(made)));
        } else {
            LOG.warn("{} of task {} failed for good: {}", task.topic(), task.id(), message);
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

    /**
     * Keeps a task's lock from running out while its work runs, extending it every third of the lock duration. Not
     * tied to progress: a tool may be silent for longer than the lock lasts (counting files, {@code restic check},
     * a dump), and a lock that runs out lets another worker take the same work. Closed before the task is completed
     * or failed, and once closed no extension is under way or will start, so none arrives after the task is done.
     * A worker that dies stops extending, and its lock runs out: that is how its task passes to another worker.
     */
    private final class LockKeeper implements AutoCloseable {

        private final BackupTask task;
        private final long lockMillis = properties.lockDuration().toMillis();
        private final ScheduledFuture<?> timer;
        private boolean closed;

        LockKeeper(BackupTask task) {
            this.task = task;
            long period = Math.max(lockMillis / 3, 1);
            this.timer = LOCK_KEEPER.scheduleAtFixedRate(this::extend, period, period, TimeUnit.MILLISECONDS);
        }

        private synchronized void extend() {
            if (closed) {
                return;
            }
            try {
                task.extendLock(lockMillis);
            } catch (RuntimeException e) {
                // the work goes on: if another worker has the task now, the engine refuses this one's completion
                LOG.warn("{} of task {}: the lock could not be extended: {}", task.topic(), task.id(), e.getMessage());
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            timer.cancel(false);
        }
    }

    /** The method asked for, or null for the policy's. */
    private static BackupMethod method(BackupTask task) {
        String method = task.variable(METHOD.name());
        return method == null ? null : BackupMethod.parse(method);
    }

    private static String required(BackupTask task, String name) {
        String value = task.variable(name);
        if (value == null) {
            throw new IllegalStateException("task " + task.id() + " (" + task.topic() + ") has no variable '" + name + "'");
        }
        return value;
    }
}
