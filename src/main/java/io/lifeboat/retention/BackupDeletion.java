package io.lifeboat.retention;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.storage.ObjectLockedException;

/**
 * Deletes one backup's data through its agents and marks the record deleted; the record stays as history. Used by
 * the retention sweep and by approved deletion requests. Repeating a deletion does no harm: agents treat a missing
 * snapshot as deleted, and a backup already marked is left as it is. A backup whose objects Object Lock still
 * protects is kept: WORM doing its job, and a later deletion tries again after the date.
 */
@Service
public class BackupDeletion {

    private final BackupRepository backups;
    private final BackupExecution execution;
    private final LegalHoldRepository holds;
    private final AuditTrail audit;
    private final Clock clock;

    public BackupDeletion(BackupRepository backups, BackupExecution execution, LegalHoldRepository holds, AuditTrail audit,
                          Clock clock) {
        this.backups = backups;
        this.execution = execution;
        this.holds = holds;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param rule why it goes: the retention rule that expired it, or the approved request
     * @throws AgentException when an agent could not delete a snapshot; nothing is marked then
     */
    public Result delete(String backupId, String actor, String rule) throws AgentException {
        BackupRecord backup = backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup record " + backupId));
        if (backup.deleted()) {
            return new Result(Outcome.ALREADY_DELETED, "deleted at " + backup.deletedAt());
        }
        // a hold placed after the plan or the approval still wins
        List<String> activeHolds = holds.activeHoldsOn(backupId);
        if (!activeHolds.isEmpty()) {
            return new Result(Outcome.HELD, "under legal hold " + String.join(", ", activeHolds));
        }
        try {
            execution.delete(backup, backups.artifacts(backupId));
        } catch (ObjectLockedException e) {
            return new Result(Outcome.LOCKED, e.getMessage());
        }
        backups.markDeleted(backupId, clock.instant());
        audit.append(new AuditRecord(actor, "backup.deleted", "backup/" + backupId, backup.service(), backup.trigger().value(),
                rule, "storage target " + backup.storageTarget() + ", snapshot " + backup.snapshotId()));
        return new Result(Outcome.DELETED, rule);
    }

    public enum Outcome {
        DELETED, ALREADY_DELETED, HELD, LOCKED
    }

    public record Result(Outcome outcome, String detail) {
    }
}
