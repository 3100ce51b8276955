package io.lifeboat.intake;

import java.time.Clock;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.web.ApiRefusal;

/**
 * Alerts whose handler keeps failing, and the way past one: a person skips it, audited, and the processor moves on
 * to the later alerts of its service in its next round.
 */
@Service
public class StuckAlerts {

    private final AlertInbox inbox;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public StuckAlerts(AlertInbox inbox, AuditTrail audit, TransactionTemplate transaction, Clock clock) {
        this.inbox = inbox;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    public List<FailingAlert> failing() {
        return inbox.failing();
    }

    /**
     * Marks an unprocessed alert processed without handling it, and audits that, in one transaction.
     *
     * @throws ApiRefusal 404 for an unknown (or purged) id, 409 for an alert already processed or skipped
     */
    public SkippedAlert skip(long id, String reason, String actor) {
        return transaction.execute(status -> {
            boolean skipped = inbox.markSkipped(id, clock.instant(), actor, reason);
            AlertInbox.Row row = inbox.find(id).orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND, "not found",
                    "no alert " + id + " in the inbox (processed alerts are purged after lifeboat.intake.keep-processed)"));
            if (!skipped) {
                throw new ApiRefusal(HttpStatus.CONFLICT, "already processed", row.skippedBy() == null
                        ? "alert " + id + " was already processed at " + row.processedAt() + "; there is nothing to skip"
                        : "alert " + id + " was already skipped by " + row.skippedBy() + " at " + row.processedAt()
                                + ": " + row.skipReason());
            }
            audit.append(new AuditRecord(actor, "alert.skipped", "alert/" + id, row.service(), null, reason,
                    "fingerprint " + row.fingerprint() + ", " + (row.lastError() == null ? "never failed"
                            : row.attempts() + " failed attempts, last error: " + row.lastError())));
            return SkippedAlert.of(row);
        });
    }
}
