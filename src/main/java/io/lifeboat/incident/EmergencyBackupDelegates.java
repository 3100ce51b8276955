package io.lifeboat.incident;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.engine.Decider;

import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_FAILURE;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_STATUS;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_TARGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.EMERGENCY_TARGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_ACTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_REASON;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_TARGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.STORAGE_TARGET_CHOICES;

/** The incident runbook's steps around its emergency backup's end: RecordBackupOutcome and EmergencyBackupFailed. */
@Configuration(proxyBeanMethods = false)
public class EmergencyBackupDelegates {

    /** Reads how the backup ended from its record, and readies the commander's form for a failed one. */
    @Bean
    JavaDelegate recordBackupOutcome(EmergencyBackupOutcomes outcomes) {
        return execution -> {
            BackupRecord backup = outcomes.record(INCIDENT_ID.from(execution), BACKUP_ID.from(execution));
            BACKUP_STATUS.set(execution, backup.status().name());
            // the form of a second failure starts empty, not with the first one's answers
            FAILED_BACKUP_ACTION.remove(execution);
            FAILED_BACKUP_TARGET.remove(execution);
            FAILED_BACKUP_REASON.remove(execution);
            if (backup.status() != BackupStatus.SUCCEEDED) {
                BACKUP_FAILURE.set(execution, EmergencyBackupOutcomes.failure(backup));
                BACKUP_TARGET.set(execution, backup.storageTarget());
                SelectOptions choices = new SelectOptions();
                outcomes.storageTargets().forEach(target -> choices.add(target, target));
                STORAGE_TARGET_CHOICES.set(execution, choices.json());
            }
        };
    }

    /** On completing EmergencyBackupFailed, as the commander who completes it: refuses what cannot be done. */
    @Bean
    TaskListener decideFailedBackup(EmergencyBackupOutcomes outcomes, BackupService backups) {
        return task -> {
            String user = Decider.of(task);
            String backupId = BACKUP_ID.from(task);
            BackupRecord failed = backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup " + backupId));
            outcomes.decide(INCIDENT_ID.from(task), failed, FAILED_BACKUP_ACTION.optionalFrom(task).orElse(null),
                            FAILED_BACKUP_TARGET.optionalFrom(task).orElse(null), FAILED_BACKUP_REASON.optionalFrom(task).orElse(null), user)
                    .ifPresentOrElse(target -> EMERGENCY_TARGET.set(task, target), () -> EMERGENCY_TARGET.remove(task));
        };
    }
}
