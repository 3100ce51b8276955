package io.lifeboat.backup;

import java.time.Instant;
import java.util.Optional;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A running backup's step that failed and will be tried again, as the engine keeps it (a job with its exception,
 * or an agent's external task with its error): read when the record is asked for, so the record says RETRYING with
 * the step and the error for as long as the engine retries, and nothing has to be written when it does.
 *
 * @param step          the step's element id (BackupRunbook.Element)
 * @param retriesLeft   attempts the engine still makes before the step becomes an incident
 * @param nextAttemptAt when the engine tries again (a job's due date, an agent task's retry timeout)
 */
@Schema(nullable = true, description = "null unless a step of the running backup failed and is tried again")
public record StepRetry(String step, int retriesLeft, Instant nextAttemptAt, String lastError) {

    /** Finds the retried step of a backup's process instance. */
    @Component
    public static class Finder {

        private final ManagementService management;
        private final ExternalTaskService externalTasks;

        public Finder(ManagementService management, ExternalTaskService externalTasks) {
            this.management = management;
            this.externalTasks = externalTasks;
        }

        public Optional<StepRetry> of(String processInstanceId) {
            Optional<StepRetry> job = management.createJobQuery().processInstanceId(processInstanceId).withException()
                    .withRetriesLeft().list().stream().findFirst().map(Finder::retry);
            if (job.isPresent()) {
                return job;
            }
            return externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId).withRetriesLeft().list()
                    .stream().filter(task -> task.getErrorMessage() != null && task.getRetries() != null)
                    .findFirst().map(Finder::retry);
        }

        private static StepRetry retry(Job job) {
            return new StepRetry(job.getFailedActivityId(), job.getRetries(),
                    job.getDuedate() == null ? null : job.getDuedate().toInstant(), job.getExceptionMessage());
        }

        private static StepRetry retry(ExternalTask task) {
            return new StepRetry(task.getActivityId(), task.getRetries(),
                    task.getLockExpirationTime() == null ? null : task.getLockExpirationTime().toInstant(),
                    task.getErrorMessage());
        }
    }
}
