package io.lifeboat.restore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupArtifact;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Restored;
import io.lifeboat.restore.RestoreRepository.Ending;
import io.lifeboat.text.Readable;

/** What the restore runbook's steps record: its decision, claim, safety backup and ending, each audited. */
@Service
public class RestoreSteps {

    /** The actor of what Lifeboat does for a restore on its own: holding and releasing its safety backup. */
    public static final String SYSTEM = "system:restore";

    private final RestoreRepository restores;
    private final BackupRepository backups;
    private final BackupService backupService;
    private final SafetyBackupHolds holds;
    private final Catalog catalog;
    private final AuditTrail audit;
    private final RestoreMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public RestoreSteps(RestoreRepository restores, BackupRepository backups, BackupService backupService,
                        SafetyBackupHolds holds, Catalog catalog, AuditTrail audit, RestoreMetrics metrics,
                        ApplicationEventPublisher events, Clock clock) {
        this.restores = restores;
        this.backups = backups;
        this.backupService = backupService;
        this.holds = holds;
        this.catalog = catalog;
        this.audit = audit;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /** The approval's decision, under the name of the commander the engine authenticated. */
    void decided(String id, boolean approved, String decider, String comment, boolean waiveSafetyBackup) {
        RestoreRecord restore = require(id);
        String waived = approved && waiveSafetyBackup ? comment : null;
        restores.recordDecision(id, approved ? RestoreState.RUNNING : RestoreState.REJECTED, decider, clock.instant(), comment,
                waived);
        audit.append(new AuditRecord(decider, approved ? "restore.approved" : "restore.rejected", subject(id), restore.service(),
                restore.mode(), comment, "requested by " + restore.requestedBy() + ": " + restore.reason()));
        if (waived != null) {
            audit.append(new AuditRecord(decider, "restore.safety-backup-waived", subject(id), restore.service(), restore.mode(),
                    waived, null));
        }
    }

    /**
     * Claims the service for the restore, so no backup or other restore of it runs meanwhile.
     *
     * @return the backup holding the service, when it is not this restore
     */
    Optional<String> claim(String id) {
        RestoreRecord restore = require(id);
        Optional<String> holder = backups.claimHolder(restore.service());
        if (holder.isPresent()) {
            return holder.filter(other -> !other.equals(id));
        }
        backups.claim(restore.service(), id, clock.instant());
        audit.append(new AuditRecord(restore.requestedBy(), "restore.started", subject(id), restore.service(), restore.mode(),
                restore.reason(), "from backup " + restore.backupId()));
        return Optional.empty();
    }

    /** @return the safety backup's id */
    String startSafetyBackup(String id) {
        RestoreRecord restore = require(id);
        BackupService.Outcome outcome = backupService.requestSafetyBackup(restore.service(), id,
                "safety backup before restore " + id, restore.requestedBy());
        String backupId;
        if (outcome instanceof BackupService.Outcome.Started started) {
            backupId = started.backupId();
        } else if (outcome instanceof BackupService.Outcome.Deferred deferred) { // in a blackout window: after it
            backupId = deferred.backupId();
        } else {
            // a failure of this step, so it is retried and then stays an incident here, as the backup runbook said why
            throw new IllegalStateException("safety backup of " + restore.service() + " not started: " + outcome);
        }
        restores.setSafetyBackup(id, backupId);
        return backupId;
    }

    /** A safety backup that ends belongs to the restore that asked for it, if any. */
    Optional<RestoreRecord> ofSafetyBackup(String backupId) {
        return restores.findBySafetyBackup(backupId);
    }

    /** The safety backup ended: verified, it is held for its term and named what a switch back restores from. */
    SafetyBackup holdSafetyBackup(String id, String backupId) {
        RestoreRecord restore = require(id);
        BackupRecord backup = backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup " + backupId));
        if (backup.status() != BackupStatus.SUCCEEDED || !backup.verified()) {
            throw new SafetyBackupFailed("safety backup " + backupId + " is " + backup.status()
                    + (backup.failedStep() == null ? "" : " at " + backup.failedStep())
                    + (backup.error() == null ? ", not verified" : ": " + backup.error()) + "; production was not touched");
        }
        String holdId = holds.hold(backupId, id);
        audit.append(new AuditRecord(SYSTEM, "restore.safety-backup", subject(id), restore.service(), restore.mode(),
                restore.reason(), "backup " + backupId + " held as " + holdId));
        Map<String, Snapshot> previous = new LinkedHashMap<>();
        for (BackupArtifact artifact : backups.artifacts(backupId)) {
            previous.put(artifact.dataSource(), artifact.snapshot());
        }
        return new SafetyBackup(holdId, RestoreJson.of(previous));
    }

    record SafetyBackup(String holdId, String previousJson) {
    }

    /** Thrown when the safety backup did not succeed verified: the runbook's SAFETY_BACKUP_FAILED. */
    static final class SafetyBackupFailed extends RuntimeException {
        SafetyBackupFailed(String message) {
            super(message);
        }
    }

    void releaseSafetyBackup(String holdId) {
        holds.release(holdId);
    }

    /** Back and checked: SUCCEEDED with its figures against the service's objectives. */
    void succeeded(String id, Plan plan, List<Restored> restored, List<CheckOutcome> checks) {
        RestoreRecord restore = require(id);
        Ending ending = ending(restore, RestoreState.SUCCEEDED, plan, restored, checks, null, null);
        ServiceDefinition service = catalog.require(restore.service());
        String figures = "RTO " + Readable.duration(Duration.ofSeconds(ending.rtoSeconds())) + " (objective "
                + Readable.duration(service.rto()) + ")" + (ending.rpoSeconds() == null ? ""
                : ", RPO " + Readable.duration(Duration.ofSeconds(ending.rpoSeconds())) + " (objective "
                + Readable.duration(service.rpo()) + ")");
        String storageTarget = backups.find(restore.backupId()).map(BackupRecord::storageTarget).orElse(null);
        end(restore, ending, "restore.succeeded", figures,
                new RestoredCopy(restore.service(), storageTarget, RestoreJson.of(plan), RestoreJson.of(restored)));
    }

    void failed(String id, Plan plan, List<Restored> restored, List<CheckOutcome> checks, String step, String error) {
        RestoreRecord restore = require(id);
        end(restore, ending(restore, RestoreState.FAILED, plan, restored, checks, step, error), "restore.failed",
                "at " + step + ": " + error, null);
    }

    void rolledBack(String id, Plan plan, List<Restored> restored, List<CheckOutcome> checks, String step, String error) {
        RestoreRecord restore = require(id);
        end(restore, ending(restore, RestoreState.ROLLED_BACK, plan, restored, checks, step, error), "restore.rolled-back",
                "the previous state is back; " + step + ": " + error, null);
    }

    void rejected(String id) {
        RestoreRecord restore = require(id);
        Ending ending = new Ending(RestoreState.REJECTED, clock.instant(), null, null, null, null, null, null,
                restore.decisionComment());
        restores.finish(id, ending);
        restores.close(id);
        metrics.finished(require(id), null);
    }

    /** The runbook ended, however: free the service. A restore still open was cancelled (e.g. in Cockpit). */
    void release(String id) {
        RestoreRecord restore = require(id);
        if (restore.state().open()) {
            end(restore, new Ending(RestoreState.FAILED, clock.instant(), null, null, null, null, null, null,
                    "the runbook was cancelled before the restore finished"), "restore.failed", "cancelled", null);
        } else { // ended on record already, which let go of the service; a second release does no harm
            backups.releaseClaim(id);
            restores.close(id);
        }
    }

    /** @param copy where the restored data is, for a drill waiting for this restore; null unless it succeeded */
    private void end(RestoreRecord restore, Ending ending, String action, String detail, RestoredCopy copy) {
        restores.finish(restore.id(), ending);
        backups.releaseClaim(restore.id());
        restores.close(restore.id());
        audit.append(new AuditRecord(restore.requestedBy(), action, subject(restore.id()), restore.service(), restore.mode(),
                restore.reason(), detail));
        metrics.finished(require(restore.id()), Duration.between(restore.requestedAt(), ending.finishedAt()));
        events.publishEvent(new RestoreFinished(restore.id(), restore.service(), ending.state(), ending.failedStep(),
                ending.error(), ending.recoveredTo(), copy));
    }

    /**
     * The figures: RTO from the request; the approval's wait apart; what the data represents, for several data sources
     * the oldest of them (the service is only as recent as its oldest part); RPO from there to the reference time.
     */
    private Ending ending(RestoreRecord restore, RestoreState state, Plan plan, List<Restored> restored,
                          List<CheckOutcome> checks, String step, String error) {
        Instant now = clock.instant();
        Instant recoveredTo = restored.stream().map(one -> RestoreExecution.represents(plan, one.data()))
                .min(Comparator.naturalOrder()).orElse(null);
        Long approvalWait = restore.decidedAt() == null ? null : Duration.between(restore.requestedAt(), restore.decidedAt())
                .toSeconds();
        Long rpo = recoveredTo == null ? null : Math.max(0, Duration.between(recoveredTo, restore.referenceTime()).toSeconds());
        return new Ending(state, now, recoveredTo, Duration.between(restore.requestedAt(), now).toSeconds(), approvalWait, rpo,
                checks, step, error);
    }

    private RestoreRecord require(String id) {
        return restores.find(id).orElseThrow(() -> new IllegalStateException("no restore record " + id));
    }

    private static String subject(String id) {
        return RestoreService.subject(id);
    }
}
