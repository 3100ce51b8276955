package io.lifeboat.drill;

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

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.web.ApiRefusal;

/**
 * Starts the drills each service's {@code drillPolicy} schedules. Unlike backups, a service seen for the first time is
 * not drilled at once: its schedule starts counting then, so a new installation does not restore every service at
 * start-up. A scheduled drill is a negative control when the policy asks for one and the last is older than its
 * period. The tick is shared through the database, so with several engine nodes only one starts the drill; a drill
 * that cannot start (another one runs, no verified backup) is audited and waits for the next fire time.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class DrillScheduler {

    static final String INITIATOR = "system:scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(DrillScheduler.class);

    private final Catalog catalog;
    private final DrillRepository repository;
    private final DrillService drills;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;
    private final Clock clock;

    DrillScheduler(Catalog catalog, DrillRepository repository, DrillService drills, TransactionTemplate transaction,
                   AuditTrail audit, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.drills = drills;
        this.transaction = transaction;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${lifeboat.scheduler.tick:PT15S}", initialDelayString = "${lifeboat.scheduler.initial-delay:PT2S}")
    public void tick() {
        for (ServiceDefinition service : catalog.services()) {
            if (service.drillPolicy().schedule() == null) {
                continue;
            }
            try {
                tick(service);
            } catch (DataIntegrityViolationException anotherNodeTicked) {
                LOG.debug("another node started the scheduled drill of {}", service.id());
            } catch (RuntimeException e) {
                LOG.error("scheduled drill of {} could not be started; next try at the next tick", service.id(), e);
            }
        }
    }

    private void tick(ServiceDefinition service) {
        Instant now = clock.instant();
        DrillPolicy policy = service.drillPolicy();
        Optional<Instant> last = repository.lastScheduleTick(service.id());
        if (last.isPresent() && policy.schedule().nextAfter(last.get()).isAfter(now)) {
            return;
        }
        boolean won = Boolean.TRUE.equals(transaction.execute(status ->
                repository.advanceScheduleTick(service.id(), last.orElse(null), now)));
        if (!won || last.isEmpty()) {
            return;
        }
        // its own transaction after the tick's: a refused drill must not undo the tick, or every tick would retry it
        try {
            DrillService.Started started = drills.scheduled(service.id(), negativeControlDue(service, now), INITIATOR);
            LOG.info("scheduled drill {} of {} started", started.id(), service.id());
        } catch (ApiRefusal refused) {
            LOG.warn("scheduled drill of {} not started: {}; the next fire time tries again", service.id(), refused.getMessage());
            audit.append(new AuditRecord(INITIATOR, "drill.not-started", "service/" + service.id(), service.id(),
                    DrillService.TRIGGER_SCHEDULE, "scheduled (" + service.drillPolicy().schedule().cron() + ")",
                    refused.getMessage()));
        }
    }

    private boolean negativeControlDue(ServiceDefinition service, Instant now) {
        if (service.drillPolicy().negativeControlEvery() == null) {
            return false;
        }
        return repository.lastNegativeControlStart(service.id())
                .map(last -> !last.plus(service.drillPolicy().negativeControlEvery()).isAfter(now)).orElse(true);
    }
}
