package io.lifeboat.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;

/**
 * Starts each service's scheduled backups. A service that has never been backed up, or whose fire time passed
 * while Lifeboat was down, is backed up at the next tick. The tick is shared through the database, so with several
 * engine nodes only one starts the backup; a tick that meets a running backup is skipped by the runbook and audited.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.scheduler.enabled", havingValue = "true", matchIfMissing = true)
public class BackupScheduler {

    static final String INITIATOR = "system:scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final Catalog catalog;
    private final BackupRepository repository;
    private final BackupService backups;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public BackupScheduler(Catalog catalog, BackupRepository repository, BackupService backups,
                           TransactionTemplate transaction, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.backups = backups;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${lifeboat.scheduler.tick:PT15S}", initialDelayString = "${lifeboat.scheduler.initial-delay:PT2S}")
    public void tick() {
        for (ServiceDefinition service : catalog.services()) {
            try {
                tick(service);
            } catch (DataIntegrityViolationException anotherNodeTicked) {
                LOG.debug("another node started the scheduled backup of {}", service.id());
            } catch (RuntimeException e) {
                LOG.error("scheduled backup of {} could not be started; next try at the next tick", service.id(), e);
            }
        }
    }

    private void tick(ServiceDefinition service) {
        Instant now = clock.instant();
        Optional<Instant> last = repository.lastScheduleTick(service.id());
        if (last.isPresent() && service.backupPolicy().schedule().nextAfter(last.get()).isAfter(now)) {
            return;
        }
        BackupService.Outcome outcome = transaction.execute(status ->
                repository.advanceScheduleTick(service.id(), last.orElse(null), now)
                        ? backups.request(service.id(), BackupTrigger.SCHEDULE,
                                "scheduled (" + service.backupPolicy().schedule().cron() + ")", INITIATOR)
                        : null);
        if (outcome != null) {
            LOG.info("scheduled backup of {}: {}", service.id(), outcome);
        }
    }
}
