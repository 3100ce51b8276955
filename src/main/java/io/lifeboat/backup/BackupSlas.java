package io.lifeboat.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.text.Readable;

/**
 * The backup SLA: every service has a verified backup within its RPO. {@link #check} finds services whose newest
 * verified backup is older than that (or, without any, whose first scheduled time since Lifeboat watched them is
 * more than the RPO past) and publishes {@link BackupSlaBreached} once per breach; {@link #verified} ends the breach
 * with {@link BackupSlaRestored} where the next verified backup is recorded. Both are audited.
 */
@Service
public class BackupSlas {

    static final String ACTOR = "system:backup-sla";
    private static final Logger LOG = LoggerFactory.getLogger(BackupSlas.class);

    private final Catalog catalog;
    private final BackupSlaRepository slas;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BackupSlas(Catalog catalog, BackupSlaRepository slas, AuditTrail audit, ApplicationEventPublisher events,
               TransactionTemplate transaction, Clock clock) {
        this.catalog = catalog;
        this.slas = slas;
        this.audit = audit;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Checks every service of the catalog, each in a transaction of its own, so one that fails (or that another node
     * checks at the same moment for the first time) does not keep the others from being checked.
     *
     * @param now the moment measured against; the scheduled watch passes the clock's, a test one of its own
     */
    public void check(Instant now) {
        for (ServiceDefinition service : catalog.services()) {
            try {
                transaction.executeWithoutResult(status -> check(service, now));
            } catch (DataIntegrityViolationException anotherNodeWatched) {
                LOG.debug("another node began watching the backup SLA of {}", service.id());
            } catch (RuntimeException e) {
                LOG.error("backup SLA of {} not checked; next try at the next check", service.id(), e);
            }
        }
    }

    private void check(ServiceDefinition service, Instant now) {
        Duration rpo = service.rpo();
        Instant watchedSince = slas.watchedSince(service.id(), clock.instant());
        Optional<BackupSlaRepository.Verified> newest = slas.newestVerified(service.id());
        Instant overdueSince = newest.map(BackupSlaRepository.Verified::readAt)
                .orElseGet(() -> service.backupPolicy().schedule().nextAfter(watchedSince)).plus(rpo);
        if (!now.isAfter(overdueSince) || !slas.openBreach(service.id(), now)) {
            return;
        }
        BackupSlaBreached breach = new BackupSlaBreached(service.id(), newest.map(BackupSlaRepository.Verified::backupId).orElse(null),
                newest.map(BackupSlaRepository.Verified::readAt).orElse(null), rpo, overdueSince);
        audit.append(new AuditRecord(ACTOR, "backup.sla-breached", subject(service.id()), service.id(), null, null,
                newest.map(last -> "newest verified backup " + last.backupId() + " read " + Readable.time(last.readAt()))
                        .orElse("no verified backup") + "; RPO " + Readable.duration(rpo) + ", overdue since "
                        + Readable.time(overdueSince)));
        events.publishEvent(breach);
    }

    /** A verified backup was recorded (in this transaction): it ends the service's open breach, if there is one. */
    void verified(BackupRecord backup) {
        slas.closeBreach(backup.service()).ifPresent(breachedAt -> {
            Instant now = clock.instant();
            audit.append(new AuditRecord(ACTOR, "backup.sla-restored", subject(backup.service()), backup.service(),
                    backup.trigger().value(), null, "verified backup " + backup.id() + " ends the breach of " + Readable.time(breachedAt)));
            events.publishEvent(new BackupSlaRestored(backup.service(), backup.id(), breachedAt, now));
        });
    }

    static String subject(String service) {
        return "backup-sla/" + service;
    }
}
