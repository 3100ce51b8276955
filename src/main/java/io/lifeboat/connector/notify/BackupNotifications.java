package io.lifeboat.connector.notify;

import java.time.Clock;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupFinished;
import io.lifeboat.backup.BackupHistory;
import io.lifeboat.backup.BackupSlaBreached;
import io.lifeboat.backup.BackupSlaRestored;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.connector.Enqueued;
import io.lifeboat.connector.notify.ServiceTickets.Problem;
import io.lifeboat.connector.notify.ServiceTickets.Ticket;
import io.lifeboat.text.Readable;

/**
 * A failed backup opens one ServiceNow incident for the service's owner group, however many backups fail after it,
 * and the next verified backup of the service resolves it. A backup SLA breach (no verified backup within the RPO)
 * opens one and pages; its end resolves both. All in the transaction that records the backup's end or the breach.
 * A ticket's messages share its key as their subject, so the outbox delivers them in the order they were queued.
 */
@Component
class BackupNotifications {

    private final ServiceDeskRequests requests;
    private final ServiceTickets tickets;
    private final BackupHistory history;
    private final Catalog catalog;
    private final Clock clock;

    BackupNotifications(ServiceDeskRequests requests, ServiceTickets tickets, BackupHistory history, Catalog catalog, Clock clock) {
        this.requests = requests;
        this.tickets = tickets;
        this.history = history;
        this.catalog = catalog;
        this.clock = clock;
    }

    @EventListener
    public void on(BackupFinished backup) {
        if (backup.status() == BackupStatus.FAILED) {
            failed(backup);
        } else if (backup.status() == BackupStatus.SUCCEEDED && backup.verified()) {
            tickets.open(Problem.BACKUP_FAILED, backup.service()).ifPresent(ticket -> {
                requests.resolveTicket(ticket.key(), ticket.key(), "Backup " + backup.backupId() + " of " + backup.service()
                        + " succeeded and was verified.", ticket.key());
                tickets.resolved(Problem.BACKUP_FAILED, backup.service(), clock.instant());
            });
        }
    }

    private void failed(BackupFinished backup) {
        String why = (backup.failedStep() == null ? "" : "at " + backup.failedStep() + ": ") + backup.error();
        var open = tickets.open(Problem.BACKUP_FAILED, backup.service());
        if (open.isPresent()) {
            String key = open.get().key() + ":" + backup.backupId();
            requests.noteOnTicket(key, open.get().key(), "Backup " + backup.backupId() + " failed too, " + why, false, open.get().key());
            return;
        }
        ServiceDefinition service = catalog.require(backup.service());
        String key = "lifeboat:backup-failed:" + backup.backupId();
        Enqueued opened = requests.openTicket(key, key, service.id(), service.tier() == 1 ? "error" : "warning",
                "Backup of " + service.name() + " failed",
                "Lifeboat backup " + backup.backupId() + " (" + backup.trigger().value() + ") of " + service.id() + " failed " + why
                        + ". This ticket is resolved when a later backup of the service is verified.", key);
        if (enqueuedOrRemark(backup.backupId(), opened)) {
            tickets.opened(Problem.BACKUP_FAILED, service.id(), new Ticket(key, false), clock.instant());
        }
    }

    @EventListener
    public void on(BackupSlaBreached breach) {
        if (tickets.open(Problem.BACKUP_SLA, breach.service()).isPresent()) {
            return;
        }
        ServiceDefinition service = catalog.require(breach.service());
        String key = "lifeboat:backup-sla:" + service.id() + ":" + breach.since().getEpochSecond();
        String last = breach.lastVerifiedBackupId() == null ? "it has no verified backup"
                : "its newest verified backup, " + breach.lastVerifiedBackupId() + ", is from " + breach.lastVerifiedAt();
        String summary = service.name() + " has no verified backup within its RPO of " + Readable.duration(breach.rpo());
        Enqueued opened = requests.openTicket(key, key, service.id(), "critical", summary,
                summary + ": " + last + ", overdue since " + breach.since() + ".", key);
        Enqueued paged = requests.page(key, key, service.id(), "critical", summary, "backup-sla",
                requests.details().put("lastVerifiedBackup", breach.lastVerifiedBackupId()).put("overdueSince", breach.since().toString()),
                key);
        boolean sent = !(opened instanceof Enqueued.NotConfigured) || !(paged instanceof Enqueued.NotConfigured);
        if (sent) {
            tickets.opened(Problem.BACKUP_SLA, service.id(), new Ticket(key, !(paged instanceof Enqueued.NotConfigured)), clock.instant());
        }
    }

    @EventListener
    public void on(BackupSlaRestored restored) {
        tickets.open(Problem.BACKUP_SLA, restored.service()).ifPresent(ticket -> {
            requests.resolveTicket(ticket.key(), ticket.key(), "Backup " + restored.backupId() + " was verified at "
                    + restored.restoredAt() + ": the service is within its RPO again.", ticket.key());
            if (ticket.paged()) {
                requests.resolvePage(ticket.key(), ticket.key(), restored.service(), ticket.key());
            }
            tickets.resolved(Problem.BACKUP_SLA, restored.service(), clock.instant());
        });
    }

    /** True when queued; otherwise the backup's history says which connector is not configured. */
    private boolean enqueuedOrRemark(String backupId, Enqueued enqueued) {
        if (enqueued instanceof Enqueued.NotConfigured notConfigured) {
            history.note(backupId, Enqueued.NotConfigured.ACTOR, notConfigured.note() + ": no ticket is opened for the failure");
            return false;
        }
        return true;
    }
}
