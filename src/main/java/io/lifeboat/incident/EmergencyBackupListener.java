package io.lifeboat.incident;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupFinished;

import static io.lifeboat.incident.IncidentRunbook.MESSAGE_BACKUP_FINISHED;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_STATUS;

/**
 * Wakes the incidents waiting for a backup when it ends, in the transaction that records the end. The incident
 * started the backup in the transaction that put it into its wait state, so the wait is always there first.
 */
@Component
public class EmergencyBackupListener {

    private final RuntimeService runtime;
    private final IncidentService incidents;

    public EmergencyBackupListener(RuntimeService runtime, IncidentService incidents) {
        this.runtime = runtime;
        this.incidents = incidents;
    }

    @EventListener
    public void backupFinished(BackupFinished backup) {
        for (MessageCorrelationResult result : runtime.createMessageCorrelation(MESSAGE_BACKUP_FINISHED)
                .processInstanceVariableEquals(BACKUP_ID.name(), backup.backupId())
                .setVariable(BACKUP_STATUS.name(), backup.status().name())
                .correlateAllWithResult()) {
            String incidentId = runtime.createProcessInstanceQuery()
                    .processInstanceId(result.getExecution().getProcessInstanceId()).singleResult().getBusinessKey();
            incidents.backupFinished(incidentId, backup.backupId(), backup.status(), backup.verified());
        }
    }
}
