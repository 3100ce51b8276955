package io.lifeboat.retention;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.web.ApiRefusal;

/** Placing and releasing legal holds; a held backup is never deleted, by retention or by request. */
@Service
public class LegalHoldService {

    private final LegalHoldRepository holds;
    private final BackupRepository backups;
    private final Catalog catalog;
    private final AuditTrail audit;
    private final Clock clock;

    public LegalHoldService(LegalHoldRepository holds, BackupRepository backups, Catalog catalog, AuditTrail audit, Clock clock) {
        this.holds = holds;
        this.backups = backups;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param backupIds the backups to hold, or empty with {@code service} set to hold the whole service
     * @throws ApiRefusal 400 unless exactly one of backupIds and service is given, 404 naming unknown backups
     * @throws io.lifeboat.catalog.UnknownServiceException for a service not in the catalog
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
        audit.append(new AuditRecord(actor, "hold.placed", subject(hold.id()), serviceId, null, reason,
                "case " + caseRef + "; " + (serviceId == null ? "backups " + String.join(", ", ids)
                        : "every backup of " + serviceId + ", future ones included")));
        return hold;
    }

    /**
     * Four eyes: whoever placed a hold cannot release it.
     *
     * @throws ApiRefusal 404 for an unknown hold, 403 for its placer, 409 when it is released already
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
        audit.append(new AuditRecord(actor, "hold.released", subject(holdId), hold.service(), null, hold.reason(),
                "case " + hold.caseRef() + ", placed by " + hold.placedBy()));
        return holds.find(holdId).orElseThrow();
    }

    public List<LegalHold> list() {
        return holds.list();
    }

    /** The active holds on a backup, by id; empty when it may be deleted. */
    public List<String> activeHoldsOn(String backupId) {
        return holds.activeHoldsOn(backupId);
    }

    static String subject(String holdId) {
        return "hold/" + holdId;
    }
}
