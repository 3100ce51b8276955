package io.lifeboat.retention;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.AgentResultsJson;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;

/**
 * The engine's side of deleting one backup, for the retention sweep and approved deletion requests alike: the
 * legal-hold check right before, what the delete task's worker needs (it has no database), and marking the record
 * deleted once the worker is done; the record stays as history. The agents' side is {@link DeleteTaskHandler}.
 */
@Service
public class BackupDeletion {

    private final BackupRepository backups;
    private final LegalHoldRepository holds;
    private final AuditTrail audit;
    private final Clock clock;

    public BackupDeletion(BackupRepository backups, LegalHoldRepository holds, AuditTrail audit, Clock clock) {
        this.backups = backups;
        this.holds = holds;
        this.audit = audit;
        this.clock = clock;
    }

    /** Why the backup must stay: a hold placed after the plan or the approval still wins. */
    public Optional<String> holdOn(String backupId) {
        List<String> activeHolds = holds.activeHoldsOn(backupId);
        return activeHolds.isEmpty() ? Optional.empty() : Optional.of("under legal hold " + String.join(", ", activeHolds));
    }

    /** What the worker deletes: the backup's snapshots where they were written. */
    public record Target(String serviceId, String storageTarget, String artifacts) {
    }

    public Target target(String backupId) {
        BackupRecord backup = find(backupId);
        List<DataSourceSnapshot> snapshots = backups.artifacts(backupId).stream()
                .map(artifact -> new DataSourceSnapshot(artifact.dataSource(), artifact.snapshot())).toList();
        return new Target(backup.service(), backup.storageTarget(), AgentResultsJson.ofSnapshots(snapshots));
    }

    /**
     * Marks the record deleted and audits it with the rule, once: a record marked already (a repeated step) is left
     * as it is.
     *
     * @param rule why it went: the retention rule that expired it, or the approved request
     */
    public void recordDeleted(String backupId, String actor, String rule) {
        BackupRecord backup = find(backupId);
        if (!backups.markDeleted(backupId, clock.instant())) {
            return;
        }
        audit.append(new AuditRecord(actor, "backup.deleted", "backup/" + backupId, backup.service(), backup.trigger().value(),
                rule, "storage target " + backup.storageTarget() + ", snapshot " + backup.snapshotId()));
    }

    private BackupRecord find(String backupId) {
        return backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup record " + backupId));
    }
}
