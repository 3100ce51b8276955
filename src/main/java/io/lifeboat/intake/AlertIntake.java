package io.lifeboat.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.db.DiskSync;

/**
 * Stores accepted alerts in the inbox, one row each, all of a request in one transaction that has committed, and is
 * on disk ({@link DiskSync}), when a method returns, so the sender's 2xx means the alerts survive a crash of Lifeboat
 * or of its machine. The service is resolved now, against the catalog the alert arrived under.
 */
@Service
public class AlertIntake {

    private final AlertInbox inbox;
    private final Catalog catalog;
    private final TransactionTemplate transaction;
    private final DiskSync disk;
    private final Clock clock;

    public AlertIntake(AlertInbox inbox, Catalog catalog, TransactionTemplate transaction, DiskSync disk, Clock clock) {
        this.inbox = inbox;
        this.catalog = catalog;
        this.transaction = transaction;
        this.disk = disk;
        this.clock = clock;
    }

    public IntakeReceipt accept(List<Alert> alerts) {
        Instant now = clock.instant();
        List<Long> ids = transaction.execute(status -> alerts.stream().map(alert -> inbox.insert(row(now, alert, null))).toList());
        disk.afterCommit();
        return IntakeReceipt.stored(ids);
    }

    /**
     * One alert of an at-least-once delivery: a delivery id seen before stores nothing and answers with the first
     * delivery's row, also when two copies race each other (the unique index decides).
     */
    public IntakeReceipt acceptDelivery(Alert alert, String deliveryId) {
        Instant now = clock.instant();
        List<Long> earlier = inbox.idsOfDelivery(alert.source(), deliveryId);
        IntakeReceipt receipt;
        if (!earlier.isEmpty()) {
            receipt = IntakeReceipt.redelivery(earlier);
        } else {
            try {
                Long id = transaction.execute(status -> inbox.insert(row(now, alert, deliveryId)));
                receipt = IntakeReceipt.stored(List.of(id));
            } catch (DuplicateKeyException raced) {
                receipt = IntakeReceipt.redelivery(inbox.idsOfDelivery(alert.source(), deliveryId));
            }
        }
        // also for a redelivery: the first delivery may have died between its commit and its sync
        disk.afterCommit();
        return receipt;
    }

    private AlertInbox.NewRow row(Instant now, Alert alert, String deliveryId) {
        String service = catalog.serviceForLabels(alert.labels()).map(ServiceDefinition::id).orElse(null);
        return new AlertInbox.NewRow(now, service, alert, deliveryId);
    }
}
