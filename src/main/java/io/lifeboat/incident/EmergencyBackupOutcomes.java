package io.lifeboat.incident;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedSet;

import org.springframework.stereotype.Service;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.incident.IncidentRunbook.FailedBackupAction;
import io.lifeboat.storage.StorageTargets;

import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_ACTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_REASON;
import static io.lifeboat.incident.IncidentRunbook.Variables.FAILED_BACKUP_TARGET;

/**
 * What became of an incident's emergency backup, read in the incident's own step once the backup has ended, and the
 * commander's decision when it failed: try again, try another storage target, or go on without it.
 */
@Service
public class EmergencyBackupOutcomes {

    private final IncidentRepository incidents;
    private final BackupService backups;
    private final StorageTargets storageTargets;
    private final AuditTrail audit;
    private final IncidentMilestones milestones;
    private final Clock clock;

    EmergencyBackupOutcomes(IncidentRepository incidents, BackupService backups, StorageTargets storageTargets,
                            AuditTrail audit, IncidentMilestones milestones, Clock clock) {
        this.incidents = incidents;
        this.backups = backups;
        this.storageTargets = storageTargets;
        this.audit = audit;
        this.milestones = milestones;
        this.clock = clock;
    }

    /** Puts the ended backup on the incident's timeline, a failed one also in the audit trail: a milestone either way. */
    public BackupRecord record(String incidentId, String backupId) {
        BackupRecord backup = backups.find(backupId)
                .orElseThrow(() -> new IllegalStateException("incident " + incidentId + " waited for backup " + backupId + ", which has no record"));
        String text;
        if (backup.status() == BackupStatus.SUCCEEDED) {
            text = "backup " + backupId + " SUCCEEDED" + (backup.verified() ? ", verified" : "");
            incidents.addTimeline(incidentId, clock.instant(), IncidentService.RUNBOOK, "backup", text);
        } else {
            String failure = failure(backup);
            text = "emergency backup " + backupId + " FAILED: " + failure + "; the commander decides what now";
            incidents.addTimeline(incidentId, clock.instant(), IncidentService.RUNBOOK, "backup", text);
            audit.append(new AuditRecord(IncidentService.RUNBOOK, "incident.emergency-backup-failed",
                    IncidentService.subject(incidentId), backup.service(), BackupTrigger.EMERGENCY.value(), null,
                    "backup " + backupId + ": " + failure));
        }
        milestones.reached(incidentId, IncidentMilestone.Kind.EMERGENCY_BACKUP_DONE, IncidentService.RUNBOOK, text,
                IncidentMilestones.Details.outcome(backup.status().name()));
        return backup;
    }

    /** The failed step and its error, as the commander's form shows them. */
    public static String failure(BackupRecord backup) {
        return (backup.failedStep() == null ? "" : "step " + backup.failedStep() + ": ") + backup.error();
    }

    public SortedSet<String> storageTargets() {
        return storageTargets.ids();
    }

    /**
     * The commander's decision on a failed emergency backup, by the user completing the task, on the timeline and in
     * the audit trail.
     *
     * @return where the next emergency backup goes, or empty when the incident goes on without one
     * @throws RefusedAnswer naming the field, for a decision that cannot be carried out; the task stays open
     */
    public Optional<String> decide(String incidentId, BackupRecord failed, String action, String target, String reason,
                                   String user) {
        FailedBackupAction decided = FailedBackupAction.parse(action).orElseThrow(() -> new RefusedAnswer(FAILED_BACKUP_ACTION.name(),
                "failedBackupAction must be one of " + Arrays.stream(FailedBackupAction.values()).map(FailedBackupAction::value).toList()
                        + ", not '" + action + "'"));
        if (reason == null || reason.isBlank()) {
            throw new RefusedAnswer(FAILED_BACKUP_REASON.name(), "failedBackupReason is required: say why");
        }
        Optional<String> next = switch (decided) {
            case RETRY -> Optional.of(failed.storageTarget());
            case OTHER_TARGET -> Optional.of(otherTarget(failed, target));
            case CONTINUE -> Optional.empty();
        };
        String text = next.map(where -> "emergency backup again, to storage target '" + where + "', after " + failed.id() + " failed")
                .orElse("going on without an emergency backup after " + failed.id() + " failed") + ": " + reason.strip();
        incidents.addTimeline(incidentId, clock.instant(), user, "decision", text);
        audit.append(new AuditRecord(user, next.isPresent() ? "incident.emergency-backup-retried" : "incident.emergency-backup-waived",
                IncidentService.subject(incidentId), failed.service(), BackupTrigger.EMERGENCY.value(), reason.strip(), text));
        return next;
    }

    private String otherTarget(BackupRecord failed, String target) {
        SortedSet<String> configured = storageTargets.ids();
        if (target == null || !configured.contains(target)) {
            throw new RefusedAnswer(FAILED_BACKUP_TARGET.name(), "failedBackupTarget must be one of the storage targets " + configured
                    + (target == null ? "" : ", not '" + target + "'"));
        }
        if (target.equals(failed.storageTarget())) {
            throw new RefusedAnswer(FAILED_BACKUP_TARGET.name(), "failedBackupTarget '" + target + "' is the target the backup failed on: choose"
                    + " another, or retry");
        }
        return target;
    }
}
