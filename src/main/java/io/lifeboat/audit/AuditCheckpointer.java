package io.lifeboat.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * Checkpoints the audit trail at start-up, every {@code lifeboat.audit.checkpoint-interval} and on shutdown, so at
 * most one interval of events depends on the key alone. A trail that does not verify is not checkpointed; that is
 * logged as an error on every try until someone looks ({@code GET /api/audit/verify} says what is wrong).
 */
@Component
public class AuditCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointer.class);

    private final AuditTrail trail;

    public AuditCheckpointer(AuditTrail trail) {
        this.trail = trail;
    }

    @Scheduled(fixedDelayString = "${lifeboat.audit.checkpoint-interval:PT5M}")
    public void checkpoint() {
        try {
            trail.checkpoint().ifPresent(checkpoint ->
                    LOG.debug("Audit trail checkpointed up to event {}", checkpoint.lastId()));
        } catch (RuntimeException e) {
            LOG.error("Audit checkpoint not written: {}", e.getMessage(), e);
        }
    }

    /** Destroyed before the trail and the database it needs (it depends on them), so they are still there. */
    @PreDestroy
    public void checkpointOnShutdown() {
        checkpoint();
    }
}
