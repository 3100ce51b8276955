package io.lifeboat.retention;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;
import io.lifeboat.web.ApiRefusal;

import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_AGE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.NEWEST_GOOD_BACKUP;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REASON;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REQUESTER;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.SERVICE_ID;

/** Requests to delete one backup by hand: checked at once, decided by an approver in the {@code backup-deletion} runbook. */
@Service
public class BackupDeletionRequests {

    private final BackupRepository backups;
    private final LegalHoldRepository holds;
    private final ObjectLegalHolds objectLocks;
    private final BackupDeletion deletion;
    private final AuditTrail audit;
    private final RuntimeService runtime;
    private final RunbookRequests requests;
    private final Clock clock;

    public BackupDeletionRequests(BackupRepository backups, LegalHoldRepository holds, ObjectLegalHolds objectLocks,
                                  BackupDeletion deletion, AuditTrail audit, RuntimeService runtime,
                                  RunbookRequests requests, Clock clock) {
        this.backups = backups;
        this.holds = holds;
        this.objectLocks = objectLocks;
        this.deletion = deletion;
        this.audit = audit;
        this.runtime = runtime;
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Starts the approval and records who asked, for the four-eyes check. The business key is the backup id, so one
     * request per backup waits at a time.
     *
     * @throws ApiRefusal 404 for an unknown backup; 409 for one deleted, running, held, locked by S3 Object Lock, or
     *                    already waiting for approval
     */
    @Transactional
    public ProcessInstance request(String backupId, String reason, String requester) {
        BackupRecord backup = backups.find(backupId)
                .orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no backup '" + backupId + "'"));
        refuseIfNotDeletable(backup);
        Optional<ProcessInstance> pending = Optional.ofNullable(runtime.createProcessInstanceQuery()
                .processDefinitionKey(BackupDeletionRunbook.KEY).processInstanceBusinessKey(backupId).singleResult());
        if (pending.isPresent()) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "deletion requested", "the deletion of backup " + backupId
                    + " was requested already and waits for an approver (process instance " + pending.get().getId() + ")");
        }
        VariableMap variables = Variables.createVariables();
        BACKUP_ID.put(variables, backupId);
        SERVICE_ID.put(variables, backup.service());
        REQUESTER.put(variables, requester);
        REASON.put(variables, reason);
        BACKUP_AGE.put(variables, age(backup));
        NEWEST_GOOD_BACKUP.put(variables, newestGood(backup));
        audit.append(new AuditRecord(requester, "backup.deletion-requested", subject(backupId), backup.service(),
                backup.trigger().value(), reason, null));
        ProcessInstance instance = runtime.startProcessInstanceByKey(BackupDeletionRunbook.KEY, backupId, variables);
        requests.record(new RunbookRequest(instance.getId(), BackupDeletionRunbook.KEY, backupId, requester, reason,
                clock.instant()));
        return instance;
    }

    /** The agent deleted the approved backup: the record is marked, audited with the approver's note. */
    public void recordDeleted(String backupId, String requester, String reason, String approver, String note) {
        deletion.recordDeleted(backupId, approver, "requested by " + requester + " (" + reason + "), approved by " + approver
                + (note == null || note.isBlank() ? "" : ": " + note));
    }

    /**
     * A hold placed while the request waited still wins, as does Object Lock: the approved backup is kept, audited.
     *
     * @param keptBy the runbook's error code, {@link BackupDeletionRunbook#ERROR_BACKUP_HELD} or
     *               {@link BackupDeletionRunbook#ERROR_OBJECT_LOCKED}
     */
    public void recordKept(String backupId, String reason, String approver, String keptBy, String because) {
        BackupRecord backup = backups.find(backupId).orElseThrow();
        audit.append(new AuditRecord(approver, "backup.deletion-refused", subject(backupId), backup.service(),
                backup.trigger().value(), reason, "approved, but " + because
                + (BackupDeletionRunbook.ERROR_BACKUP_HELD.equals(keptBy) ? " since" : "") + "; the backup is kept"));
    }

    /** The agent could not delete the approved backup, even after its retries: audited with its reason. */
    public void recordFailure(String backupId, String reason, String approver, String failure) {
        BackupRecord backup = backups.find(backupId).orElseThrow();
        audit.append(new AuditRecord(approver, "backup.deletion-failed", subject(backupId), backup.service(),
                backup.trigger().value(), reason, "approved, but the agent could not delete it: " + failure
                + "; the backup is kept, ask again to retry"));
    }

    public void recordRejection(String backupId, String requester, String reason, String decidedBy, String note) {
        BackupRecord backup = backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup record " + backupId));
        audit.append(new AuditRecord(decidedBy, "backup.deletion-rejected", subject(backupId), backup.service(),
                backup.trigger().value(), reason, "requested by " + requester + (note == null ? "" : "; " + note)));
    }

    private void refuseIfNotDeletable(BackupRecord backup) {
        if (backup.deleted()) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "already deleted", "backup " + backup.id() + " was deleted at " + backup.deletedAt());
        }
        if (backup.status() == BackupStatus.RUNNING) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "backup running", "backup " + backup.id() + " is still running; "
                    + "a running backup cannot be deleted");
        }
        List<String> activeHolds = holds.activeHoldsOn(backup.id());
        if (!activeHolds.isEmpty()) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "legal hold", "backup " + backup.id() + " is under legal hold "
                    + String.join(", ", activeHolds) + " and cannot be deleted until it is released");
        }
        // asked now so nobody approves what S3 will refuse; the approved deletion meets the lock again should it change
        objectLocks.lockOn(backup).ifPresent(lock -> {
            throw new ApiRefusal(HttpStatus.CONFLICT, "object lock", "backup " + backup.id() + " cannot be deleted: " + lock);
        });
    }

    private String age(BackupRecord backup) {
        Duration age = Duration.between(backup.startedAt(), clock.instant());
        return "taken " + backup.startedAt() + ", " + age.toDays() + " days " + age.toHoursPart() + " h old";
    }

    private String newestGood(BackupRecord backup) {
        Optional<BackupRecord> newest = backups.list(backup.service(), BackupStatus.SUCCEEDED).stream()
                .filter(candidate -> candidate.verified() && !candidate.deleted()).findFirst();
        if (newest.isEmpty()) {
            return "no: " + backup.service() + " has no verified backup";
        }
        return newest.get().id().equals(backup.id())
                ? "YES: this is the newest verified backup of " + backup.service() + "; deleting it widens the data at risk"
                : "no: the newest verified backup of " + backup.service() + " is " + newest.get().id();
    }

    private static String subject(String backupId) {
        return "backup/" + backupId;
    }
}
