package io.lifeboat.restore;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupFinished;

/**
 * Wakes the restore waiting for its safety backup, and does nothing else in the backup's transaction: the restore's
 * {@code WaitForSafetyBackup} is asynchronous after, so the restore reads the outcome in its own step, and its
 * failure never fails the backup.
 */
@Component
class SafetyBackupListener {

    private final RestoreSteps steps;
    private final RuntimeService runtime;

    SafetyBackupListener(RestoreSteps steps, RuntimeService runtime) {
        this.steps = steps;
        this.runtime = runtime;
    }

    @EventListener
    public void backupFinished(BackupFinished backup) {
        steps.ofSafetyBackup(backup.backupId()).ifPresent(restore -> runtime
                .createMessageCorrelation(RestoreRunbook.MESSAGE_SAFETY_BACKUP_FINISHED)
                .processInstanceBusinessKey(restore.id())
                .correlate());
    }
}
