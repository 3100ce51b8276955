package io.lifeboat.backup;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Checks the backup SLA of every service on a schedule; off with the other schedulers. */
@Component
@ConditionalOnProperty(name = "lifeboat.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class BackupSlaWatch {

    private final BackupSlas slas;
    private final Clock clock;

    BackupSlaWatch(BackupSlas slas, Clock clock) {
        this.slas = slas;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${lifeboat.backup-sla.check-interval:PT1M}", initialDelayString = "${lifeboat.scheduler.initial-delay:PT2S}")
    void check() {
        slas.check(clock.instant());
    }
}
