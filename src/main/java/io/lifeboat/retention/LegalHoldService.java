package io.lifeboat.retention;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupFinished;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.web.ApiRefusal;

/**
 * Placing and releasing legal holds; a held backup is never deleted, by retention or by request. On a WORM target
 * the hold is also set on the backup's S3 objects ({@link ObjectLegalHolds}), in the same transaction: should S3
 * refuse, the hold is not placed (or not released) and the request says why. Objects S3 took before the failure
 * stay held, which keeps more, never less; asking again sets the rest.
 */
@Service
public class LegalHoldService {

    /** The actor of what Lifeboat does for a hold on its own: holding the objects of a backup made under it. */
    public static final String SYSTEM = "system:legal-hold";

    private final LegalHoldRepository holds;
    private final BackupRepository backups;
    private final Catalog catalog;
    private final ObjectLegalHolds objectHolds;
    private final AuditTrail audit;
    private final Clock clock;

    public LegalHoldService(LegalHoldRepository holds, BackupRepository backups, Catalog catalog, ObjectLegalHolds objectHolds,
                            AuditTrail audit, Clock clock) {
        this.holds = holds;
        this.backups = backups;
        this.catalog = catalog;
        this.objectHolds = objectHolds;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param backupIds the backups to hold, or empty with {@code service} set to hold the whole service
     * @throws ApiRefusal 400 unless exactly one of backupIds and service is given, 404 naming unknown backups
     * @throws io.lifeboat.catalog.UnknownServiceException for a service not in the catalog
     * @throws io.lifeboat.storage.StorageException when S3 does not take the legal hold on an object; nothing is placed
     */
    @Transactional
    public LegalHold place(List<String> backupIds, String service, String caseRef, String reason, String actor) {
        List<String> ids = backupIds == null ? List.of() : backupIds.stream().distinct().toList();
        if (ids.isEmpty() == (service == null)) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "invalid request",
                    "give either backupIds (the backups to hold) or service (all its backups, future ones included), not both");
        }
        List<String> unknown = ids.stream().filter(id -> backups.find(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no backup " + String.join(", ", unknown));
        }
        String serviceId = service == null ? null : catalog.require(service).id();
        LegalHold hold = new LegalHold("hold-" + UUID.randomUUID(), serviceId, ids, caseRef, reason, actor, clock.instant(),
                null, null);
        holds.insert(hold);
        String objects = objectHolds.set(covered(hold), true);
        audit.append(new AuditRecord(actor, "hold.placed", subject(hold.id()), serviceId, null, reason,
                "case " + caseRef + "; " + (serviceId == null ? "backups " + String.join(", ", ids)
                        : "every backup of " + serviceId + ", future ones included") + (objects.isEmpty() ? "" : "; " + objects)));
        return hold;
    }

    /**
     * Four eyes: whoever placed a hold cannot release it.
     *
     * @throws ApiRefusal 404 for an unknown hold, 403 for its placer, 409 when it is released already
     * @throws io.lifeboat.storage.StorageException when S3 does not lift the legal hold on an object; nothing is released
     */
    @Transactional
    public LegalHold release(String holdId, String actor) {
        LegalHold hold = holds.find(holdId)
                .orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no legal hold '" + holdId + "'"));
        if (hold.placedBy().equals(actor)) {
            throw new ApiRefusal(HttpStatus.FORBIDDEN, "forbidden", actor + " placed legal hold " + holdId
                    + " and so cannot release it: another approver must");
        }
        if (!holds.release(holdId, actor, clock.instant())) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "already released", "legal hold " + holdId + " was released by "
                    + holds.find(holdId).map(LegalHold::releasedBy).orElse("someone") + " already");
        }
        String objects = freeObjects(hold);
        audit.append(new AuditRecord(actor, "hold.released", subject(holdId), hold.service(), null, hold.reason(),
                "case " + hold.caseRef() + ", placed by " + hold.placedBy() + (objects.isEmpty() ? "" : "; " + objects)));
        return holds.find(holdId).orElseThrow();
    }

    /**
     * Ends a hold Lifeboat placed itself for a term (a restore's safety backup), once the term is over: only its
     * placer ends it, so no person's hold can lapse this way.
     */
    @Transactional
    public void lapse(String holdId, String placer) {
        LegalHold hold = holds.find(holdId).orElseThrow(() -> new IllegalStateException("no legal hold '" + holdId + "'"));
        if (!hold.placedBy().equals(placer)) {
            throw new IllegalStateException("legal hold " + holdId + " was placed by " + hold.placedBy() + ", not " + placer
                    + ", and only its placer's term ends it");
        }
        if (!holds.release(holdId, placer, clock.instant())) {
            return; // lapsed before: the step is retried
        }
        String objects = freeObjects(hold);
        audit.append(new AuditRecord(placer, "hold.lapsed", subject(holdId), hold.service(), null, hold.reason(),
                "case " + hold.caseRef() + ", its term is over" + (objects.isEmpty() ? "" : "; " + objects)));
    }

    /** A backup that ends while a hold covers its service has its objects held as well. */
    @EventListener
    public void backupFinished(BackupFinished backup) {
        List<String> activeHolds = holds.activeHoldsOn(backup.backupId());
        if (backup.status() != BackupStatus.SUCCEEDED || activeHolds.isEmpty()) {
            return;
        }
        // thrown on: the backup's recording fails and is retried, rather than leaving held objects deletable in S3
        String objects = objectHolds.set(List.of(backup.backupId()), true);
        if (!objects.isEmpty()) {
            audit.append(new AuditRecord(SYSTEM, "hold.applied", "backup/" + backup.backupId(), backup.service(), null,
                    "under legal hold " + String.join(", ", activeHolds), objects));
        }
    }

    public List<LegalHold> list() {
        return holds.list();
    }

    /** The active holds on a backup, by id; empty when it may be deleted. */
    public List<String> activeHoldsOn(String backupId) {
        return holds.activeHoldsOn(backupId);
    }

    /** Lifts the S3 legal holds of an ended hold's backups; a backup another hold still covers keeps its objects held. */
    private String freeObjects(LegalHold hold) {
        List<String> freed = covered(hold).stream().filter(backupId -> holds.activeHoldsOn(backupId).isEmpty()).toList();
        return objectHolds.set(freed, false);
    }

    /** The backups a hold covers now: those it names, or every backup of its service. */
    private List<String> covered(LegalHold hold) {
        return hold.service() == null ? hold.backupIds()
                : backups.list(hold.service(), BackupStatus.SUCCEEDED).stream().map(BackupRecord::id).toList();
    }

    static String subject(String holdId) {
        return "hold/" + holdId;
    }
}
