package io.lifeboat.incident;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupFinished;

import static io.lifeboat.incident.IncidentRunbook.MESSAGE_BACKUP_FINISHED;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_ID;

/**
 * Wakes the incidents waiting for a backup when it ends, in the transaction that records the end. That is all it
 * does there, not even a variable: the incident reads how the backup ended from its record, in a step of its own.
 * The incident's wait (WaitForBackup) is {@code asyncAfter}, so what the incident does next runs in a job of its own,
 * and should that fail it is an incident of the incident runbook, never a failure of the backup. The incident started
 * the backup in the transaction that put it into its wait state, so the wait is always there first.
 */
@Component
public class EmergencyBackupListener {

    private final RuntimeService runtime;

    public EmergencyBackupListener(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @EventListener
    public void backupFinished(BackupFinished backup) {
        runtime.createMessageCorrelation(MESSAGE_BACKUP_FINISHED)
                .processInstanceVariableEquals(BACKUP_ID.name(), backup.backupId())
                .correlateAllWithResult();
    }
}
