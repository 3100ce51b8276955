package io.lifeboat.backup;

import java.time.Clock;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.stereotype.Component;

import io.lifeboat.engine.StepIncidentHandler;
import io.lifeboat.engine.StepIncidents;

/**
 * A backup step that exhausted its retries marks the backup FAILED with the step's error (kept in its history and the
 * audit trail, also once a retry mends it), so {@code /api/backups} tells the truth while the runbook waits, and lets
 * go of the service: a backup stuck on an incident must not keep the service's next backups, scheduled or
 * emergency, from running. Retrying the step claims the service again, and is refused while another backup of the
 * service runs.
 */
@Component
public class BackupStepIncidents implements StepIncidents {

    private final BackupRepository backups;
    private final BackupHistory history;
    private final Clock clock;

    public BackupStepIncidents(BackupRepository backups, BackupHistory history, Clock clock) {
        this.backups = backups;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void failed(String processInstanceId, String activityId, String message) {
        backups.findByProcessInstance(processInstanceId).ifPresent(backup -> {
            if (backup.status() == BackupStatus.RUNNING) { // a step after the record (its audit) fails no backup
                history.failed(backup, activityId, "failed after its retries: " + message);
            }
            backups.releaseClaim(backup.id());
        });
    }

    @Override
    public void retried(String processInstanceId, String activityId, String user) {
        backups.findByProcessInstance(processInstanceId).ifPresent(backup -> {
            reclaim(backup);
            if (backup.status() == BackupStatus.FAILED) {
                history.retried(backup, activityId, StepIncidentHandler.ENGINE.equals(user) ? BackupHistory.ENGINE : user);
            }
        });
    }

    private void reclaim(BackupRecord backup) {
        Optional<String> holder = backups.claimHolder(backup.service());
        if (holder.isPresent() && !holder.get().equals(backup.id())) {
            throw new ProcessEngineException(backups.describeHolder(holder.get()) + " of " + backup.service() + " is running; retry "
                    + backup.id() + " once it has finished (one backup or restore per service at a time)");
        }
        if (holder.isEmpty()) {
            backups.claim(backup.service(), backup.id(), clock.instant());
        }
    }
}
