package io.lifeboat.backup;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.agent.AgentException;
import io.lifeboat.backup.agent.ProgressListener;
import io.lifeboat.backup.agent.Verification;

import static io.lifeboat.backup.BackupRunbook.ERROR_AGENT_FAILED;
import static io.lifeboat.backup.BackupRunbook.ERROR_VERIFICATION_FAILED;
import static io.lifeboat.backup.BackupRunbook.TOPIC_AGENT;
import static io.lifeboat.backup.BackupRunbook.TOPIC_VERIFY;
import static io.lifeboat.backup.BackupRunbook.Variables.AGENT_FAILED;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;

/**
 * Works the runbook's external tasks (agent run, verification) inside Lifeboat, so a long backup never holds a
 * job-executor thread. It extends its lock while an agent reports progress; retryable failures are retried
 * {@code attempts} times, after which (or at once, for a failure that cannot heal) the runbook takes its failure
 * path, so the thaw hook still runs and the record says why.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.worker.enabled", havingValue = "true", matchIfMissing = true)
public class BackupAgentWorker implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(BackupAgentWorker.class);
    /** Progress is written and the lock extended at most this often. */
    private static final long PROGRESS_INTERVAL_MILLIS = 5_000;

    private final ExternalTaskService externalTasks;
    private final BackupExecution execution;
    private final BackupRepository backups;
    private final WorkerProperties properties;
    private final String workerId = "lifeboat-" + ManagementFactory.getRuntimeMXBean().getName();
    private final ExecutorService pool;
    private final Semaphore slots;

    public BackupAgentWorker(ExternalTaskService externalTasks, BackupExecution execution, BackupRepository backups,
                             WorkerProperties properties) {
        this.externalTasks = externalTasks;
        this.execution = execution;
        this.backups = backups;
        this.properties = properties;
        this.pool = Executors.newFixedThreadPool(properties.threads());
        this.slots = new Semaphore(properties.threads());
    }

    @Scheduled(fixedDelayString = "${lifeboat.worker.poll-interval:PT1S}")
    public void poll() {
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        long lockMillis = properties.lockDuration().toMillis();
        List<LockedExternalTask> tasks = externalTasks.fetchAndLock(free, workerId)
                .topic(TOPIC_AGENT, lockMillis).variables(BACKUP_ID.name(), SERVICE_ID.name())
                .topic(TOPIC_VERIFY, lockMillis).variables(BACKUP_ID.name(), SERVICE_ID.name())
                .execute();
        for (LockedExternalTask task : tasks) {
            slots.acquireUninterruptibly();
            pool.submit(() -> {
                try {
                    handle(task);
                } finally {
                    slots.release();
                }
            });
        }
    }

    void handle(LockedExternalTask task) {
        String backupId = BACKUP_ID.optionalFrom(task.getVariables()).orElseThrow();
        String serviceId = SERVICE_ID.optionalFrom(task.getVariables()).orElseThrow();
        boolean agentStep = TOPIC_AGENT.equals(task.getTopicName());
        try {
            if (agentStep) {
                execution.backUp(backupId, serviceId, progressOf(task, backupId));
                externalTasks.complete(task.getId(), workerId, Variables.putValue(AGENT_FAILED.name(), false));
            } else {
                Verification verification = execution.verify(backupId, serviceId);
                if (verification.ok()) {
                    externalTasks.complete(task.getId(), workerId);
                } else {
                    externalTasks.handleBpmnError(task.getId(), workerId, ERROR_VERIFICATION_FAILED,
                            "verification failed: " + verification.detail());
                }
            }
        } catch (AgentException e) {
            fail(task, agentStep, e.getMessage(), e.isRetryable());
        } catch (RuntimeException e) {
            LOG.error("{} of backup {} failed unexpectedly", task.getTopicName(), backupId, e);
            fail(task, agentStep, e.toString(), true);
        }
    }

    private void fail(LockedExternalTask task, boolean agentStep, String message, boolean retryable) {
        int attemptsLeft = (task.getRetries() == null ? properties.attempts() : task.getRetries()) - 1;
        if (retryable && attemptsLeft > 0) {
            LOG.warn("{} of task {} failed, {} attempts left: {}", task.getTopicName(), task.getId(), attemptsLeft, message);
            externalTasks.handleFailure(task.getId(), workerId, message, null, attemptsLeft, properties.retryBackoff().toMillis());
        } else if (agentStep) {
            externalTasks.handleBpmnError(task.getId(), workerId, ERROR_AGENT_FAILED, "agent failed: " + message,
                    Variables.putValue(AGENT_FAILED.name(), true));
        } else {
            externalTasks.handleBpmnError(task.getId(), workerId, ERROR_VERIFICATION_FAILED, "verification failed: " + message);
        }
    }

    private ProgressListener progressOf(LockedExternalTask task, String backupId) {
        AtomicLong lastReport = new AtomicLong();
        return (done, total, message) -> {
            long now = System.currentTimeMillis();
            if (now - lastReport.get() < PROGRESS_INTERVAL_MILLIS) {
                return;
            }
            lastReport.set(now);
            externalTasks.extendLock(task.getId(), workerId, properties.lockDuration().toMillis());
            String percent = total > 0 ? (done * 100 / total) + "% " : "";
            backups.updateProgress(backupId, percent + "(" + done + " of " + total + " bytes) " + (message == null ? "" : message));
        };
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
