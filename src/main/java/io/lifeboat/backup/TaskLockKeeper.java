package io.lifeboat.backup;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lifeboat.agent.spi.AgentException;

/**
 * Keeps a task's lock from running out while its work runs, extending it every third of the lock duration. Not
 * tied to progress: a tool may be silent for longer than the lock lasts (counting files, {@code restic check} or
 * {@code prune}, a dump), and a lock that runs out lets another worker take the same work. Closed before the task is
 * completed or failed, and once closed no extension is under way or will start, so none arrives after the task is
 * done. A worker that dies stops extending, and its lock runs out: that is how its task passes to another worker.
 */
public final class TaskLockKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLockKeeper.class);
    /** Extends the locks of all tasks being worked in this JVM; extending is one quick call per task. */
    private static final ScheduledExecutorService LOCK_KEEPER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lifeboat-lock-keeper");
        thread.setDaemon(true);
        return thread;
    });

    private final BackupTask task;
    private final long lockMillis;
    private final ScheduledFuture<?> timer;
    private boolean closed;

    /** A step's work: it returns how to answer the engine, which runs once the lock keeper has stopped. */
    public interface Work {
        Runnable perform() throws AgentException;
    }

    /** What a step does when its work failed: retry it, or answer with the step's failure. */
    public interface Failure {
        void failed(String message, boolean retryable);
    }

    /**
     * Does {@code work} with the task's lock kept, then answers as it says, once the keeper has stopped, so no
     * extension arrives after the answer. An agent's failure is handed to {@code failure} as it was classified; an
     * unexpected one is logged and handed on as retryable.
     *
     * @param what names the work in the log, e.g. "RestoreData of restore rs-1"
     */
    public static void answerAfter(BackupTask task, Duration lockDuration, String what, Work work, Failure failure) {
        try {
            Runnable answer;
            try (TaskLockKeeper held = new TaskLockKeeper(task, lockDuration)) {
                answer = work.perform();
            }
            answer.run();
        } catch (AgentException e) {
            failure.failed(e.getMessage(), e.isRetryable());
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", what, e);
            failure.failed(e.toString(), true);
        }
    }

    public TaskLockKeeper(BackupTask task, Duration lockDuration) {
        this.task = task;
        this.lockMillis = lockDuration.toMillis();
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
