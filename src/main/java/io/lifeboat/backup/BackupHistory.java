package io.lifeboat.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;

/**
 * Writes what happens to a backup into its history and the audit trail together, so that neither loses a failure
 * a later retry mends: the record's status says how it ended, its history and the audit trail say how it got there.
 */
@Component
public class BackupHistory {

    /** The actor of what the engine does on its own: a step that ran out of retries. */
    static final String ENGINE = "system:backup";

    private final BackupRepository backups;
    private final AuditTrail audit;
    private final Clock clock;

    public BackupHistory(BackupRepository backups, AuditTrail audit, Clock clock) {
        this.backups = backups;
        this.audit = audit;
        this.clock = clock;
    }

    /** The backup failed at {@code step}: for good, or until someone retries the step (its Camunda incident). */
    public void failed(BackupRecord backup, String step, String error) {
        Instant now = clock.instant(); // the record's finishedAt and the event's time are one moment
        backups.markFailed(backup.id(), step, error, now);
        backups.addEvent(backup.id(), new BackupEvent(now, BackupEvent.FAILED, step, ENGINE, error));
        audit.append(new AuditRecord(backup.initiator(), "backup.failed", BackupService.subject(backup.id()), backup.service(),
                backup.trigger().value(), backup.reason(), step == null ? error : "step " + step + ": " + error));
    }

    /** {@code user} retried the failed {@code step} (Cockpit's Retry, or the REST API): the backup runs again. */
    public void retried(BackupRecord backup, String step, String user) {
        backups.markRunningAgain(backup.id());
        String detail = "retry of step " + step + " after: " + backup.error();
        backups.addEvent(backup.id(), new BackupEvent(clock.instant(), BackupEvent.RETRIED, step, user, detail));
        audit.append(new AuditRecord(user, "backup.retried", BackupService.subject(backup.id()), backup.service(),
                backup.trigger().value(), backup.reason(), detail));
    }

    public void succeeded(String backupId, String detail) {
        backups.addEvent(backupId, new BackupEvent(clock.instant(), BackupEvent.SUCCEEDED, null, ENGINE, detail));
    }

    /** A remark on the backup's history by {@code actor}, e.g. that a connector could not be told of it. */
    public void note(String backupId, String actor, String detail) {
        backups.addEvent(backupId, new BackupEvent(clock.instant(), BackupEvent.NOTE, null, actor, detail));
    }

    public List<BackupEvent> of(String backupId) {
        return backups.events(backupId);
    }
}
