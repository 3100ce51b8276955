package io.lifeboat.intake;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands stored alerts to the {@link AlertHandler} after their senders got the answer: oldest first, each row in one
 * transaction with its {@code processed_at}. A row waits while an earlier row of its service is unprocessed, so a
 * failing alert holds back the later alerts of its service (retried each round, until it succeeds or a person skips it
 * through {@link StuckAlerts}) while other services go on.
 * Several nodes share the inbox: a row is claimed with {@code FOR UPDATE SKIP LOCKED}, and a row another node holds
 * counts as unprocessed for the order check until that node commits.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.intake.processor.enabled", havingValue = "true", matchIfMissing = true)
public class AlertInboxProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(AlertInboxProcessor.class);

    private final AlertInbox inbox;
    private final ObjectProvider<AlertHandler> handlers;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int batchSize;
    private final AtomicBoolean warnedNoHandler = new AtomicBoolean();

    /** @param handlers the incident package's handler; until one exists, alerts stay in the inbox */
    public AlertInboxProcessor(AlertInbox inbox, ObjectProvider<AlertHandler> handlers, TransactionTemplate transaction,
                               Clock clock, IntakeProperties properties) {
        this.inbox = inbox;
        this.handlers = handlers;
        this.transaction = transaction;
        this.clock = clock;
        this.batchSize = properties.processor().batchSize();
    }

    @Scheduled(fixedDelayString = "${lifeboat.intake.processor.tick:PT1S}",
            initialDelayString = "${lifeboat.intake.processor.initial-delay:PT1S}")
    public void tick() {
        processPending();
    }

    /** One round. @return how many rows were processed */
    public int processPending() {
        AlertHandler handler = handlers.getIfAvailable();
        if (handler == null) {
            if (warnedNoHandler.compareAndSet(false, true)) {
                LOG.warn("No AlertHandler bean: accepted alerts stay unprocessed in the inbox");
            }
            return 0;
        }
        List<AlertInbox.Pending> pending;
        try {
            pending = inbox.pending(batchSize);
        } catch (DataAccessException e) {
            LOG.warn("Alert inbox not readable, next try at the next round: {}", e.toString());
            return 0;
        }
        // services (null: alerts of no service) whose next row could not be processed in this round
        Set<String> heldBack = new HashSet<>();
        int processed = 0;
        for (AlertInbox.Pending row : pending) {
            if (heldBack.contains(row.service())) {
                continue;
            }
            if (process(row, handler)) {
                processed++;
            } else {
                heldBack.add(row.service());
            }
        }
        return processed;
    }

    /** @return false when the row failed, is held by another node, or waits for an earlier row of its service */
    private boolean process(AlertInbox.Pending row, AlertHandler handler) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                Optional<Alert> alert = inbox.claim(row.id());
                if (alert.isEmpty() || inbox.hasEarlierPending(row.id(), row.service())) {
                    return false;
                }
                handler.handle(row.id(), alert.get());
                inbox.markProcessed(row.id(), clock.instant());
                return true;
            }));
        } catch (RuntimeException e) {
            LOG.warn("Alert {} of service {} failed; it and the later alerts of its service wait for the next round: {}",
                    row.id(), row.service(), e.toString());
            recordFailure(row.id(), e);
            return false;
        }
    }

    private void recordFailure(long id, RuntimeException failure) {
        try {
            transaction.executeWithoutResult(status -> inbox.recordFailure(id, failure.toString(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Could not record the failure of alert {}: {}", id, e.toString());
        }
    }
}
