package io.lifeboat.backup;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;

/**
 * Works the runbooks' agent topics inside Lifeboat, through the engine's ExternalTaskService, so long tool work
 * never holds a job-executor thread: every {@link AgentTaskHandler} there is (backup and verify, delete).
 * {@code lifeboat.worker.enabled=false} leaves the work to agents on data hosts, which run the same handlers over
 * {@code /engine-rest}.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.worker.enabled", havingValue = "true", matchIfMissing = true)
public class BackupAgentWorker implements DisposableBean {

    private final ExternalTaskService externalTasks;
    private final BackupRepository backups;
    /** By topic. */
    private final Map<String, AgentTaskHandler> handlers = new LinkedHashMap<>();
    private final WorkerProperties properties;
    private final String workerId = "lifeboat-" + ManagementFactory.getRuntimeMXBean().getName();
    private final ExecutorService pool;
    private final Semaphore slots;

    public BackupAgentWorker(ExternalTaskService externalTasks, BackupRepository backups, List<AgentTaskHandler> handlers,
                             WorkerProperties properties) {
        this.externalTasks = externalTasks;
        this.backups = backups;
        handlers.forEach(handler -> handler.topics().forEach(topic -> this.handlers.put(topic, handler)));
        this.properties = properties;
        this.pool = Executors.newFixedThreadPool(properties.threads());
        this.slots = new Semaphore(properties.threads());
    }

    /**
     * Fetches as many tasks as there are free threads. Also called by a thread that has just answered a task, whose
     * answer may have made the runbook's next tool step, so that step starts now instead of a poll interval later.
     * The slots are taken before the fetch and the unused ones given back, so no caller ever waits for a slot.
     */
    @Scheduled(fixedDelayString = "${lifeboat.worker.poll-interval:PT1S}")
    public synchronized void poll() {
        int free = slots.drainPermits();
        if (free == 0) {
            return;
        }
        List<LockedExternalTask> tasks;
        try {
            long lockMillis = properties.lockDuration().toMillis();
            ExternalTaskQueryBuilder fetch = externalTasks.fetchAndLock(free, workerId);
            handlers.forEach((topic, handler) -> fetch.topic(topic, lockMillis).variables(handler.variables()));
            tasks = fetch.execute();
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - tasks.size());
        for (LockedExternalTask task : tasks) {
            pool.submit(() -> {
                try {
                    handlers.get(task.getTopicName()).handle(new EngineTask(task));
                } finally {
                    slots.release();
                }
                poll();
            });
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    /** A task fetched from the engine in this JVM; progress goes straight to the backup record. */
    private final class EngineTask implements BackupTask {

        private final LockedExternalTask task;

        EngineTask(LockedExternalTask task) {
            this.task = task;
        }

        @Override
        public String id() {
            return task.getId();
        }

        @Override
        public String topic() {
            return task.getTopicName();
        }

        @Override
        public String activityId() {
            return task.getActivityId();
        }

        @Override
        public String variable(String name) {
            Object value = task.getVariables().get(name);
            return value == null ? null : value.toString();
        }

        @Override
        public Integer retries() {
            return task.getRetries();
        }

        @Override
        public void extendLock(long lockMillis) {
            externalTasks.extendLock(task.getId(), workerId, lockMillis);
        }

        @Override
        public void reportProgress(String progress) {
            // every agent topic's task names its backup by this variable
            backups.updateProgress(BACKUP_ID.optionalFrom(task.getVariables()).orElseThrow(), progress);
        }

        @Override
        public void complete(Map<String, Object> variables) {
            externalTasks.complete(task.getId(), workerId, variables);
        }

        @Override
        public void handleFailure(String message, int retries, long retryTimeoutMillis) {
            externalTasks.handleFailure(task.getId(), workerId, message, null, retries, retryTimeoutMillis);
        }

        @Override
        public void handleBpmnError(String errorCode, String message, Map<String, Object> variables) {
            externalTasks.handleBpmnError(task.getId(), workerId, errorCode, message, variables);
        }
    }
}
