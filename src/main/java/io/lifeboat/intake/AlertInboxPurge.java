package io.lifeboat.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes processed and skipped inbox rows older than {@code lifeboat.intake.keep-processed}; unprocessed rows are
 * never touched. Nothing refers to an inbox row by key (incidents keep the alert's fingerprint, not the row id), so
 * a deleted row leaves no dangling reference. Every node may run it: a row another node already deleted is simply
 * not found.
 */
@Component
public class AlertInboxPurge {

    private static final Logger LOG = LoggerFactory.getLogger(AlertInboxPurge.class);
    /** Rows per delete statement, so a long backlog (the first run after an upgrade) is not one huge transaction. */
    private static final int BATCH = 1000;

    private final AlertInbox inbox;
    private final Clock clock;
    private final Duration keepProcessed;

    public AlertInboxPurge(AlertInbox inbox, Clock clock, IntakeProperties properties) {
        if (properties.keepProcessed().isNegative() || properties.keepProcessed().isZero()) {
            throw new IllegalStateException("lifeboat.intake.keep-processed must be positive, not "
                    + properties.keepProcessed());
        }
        this.inbox = inbox;
        this.clock = clock;
        this.keepProcessed = properties.keepProcessed();
    }

    /** Hourly: with the (processed_at, id) index a round that finds nothing old enough costs one index probe. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    public void tick() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                LOG.info("Purged {} processed alerts older than {} from the inbox", deleted, keepProcessed);
            }
        } catch (DataAccessException e) {
            LOG.warn("Alert inbox not purged, next try in an hour: {}", e.toString());
        }
    }

    /** @return how many rows were deleted */
    public int purge() {
        Instant cutoff = clock.instant().minus(keepProcessed);
        int total = 0;
        int deleted;
        do {
            deleted = inbox.deleteProcessedBefore(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
