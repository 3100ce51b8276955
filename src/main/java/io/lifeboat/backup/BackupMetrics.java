package io.lifeboat.backup;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Backup metrics for {@code /actuator/prometheus}: {@code lifeboat_backups_total{service,outcome}},
 * {@code lifeboat_backup_bytes}, {@code lifeboat_backup_duration_seconds} and
 * {@code lifeboat_backup_last_verified_age_seconds{service}} (NaN until a service has a verified backup).
 */
@Component
public class BackupMetrics {

    private final MeterRegistry registry;

    public BackupMetrics(MeterRegistry registry, Catalog catalog, BackupRepository backups, Clock clock) {
        this.registry = registry;
        for (ServiceDefinition service : catalog.services()) {
            Gauge.builder("lifeboat.backup.last.verified.age", () -> backups.lastVerifiedAt(service.id())
                            .map(at -> (double) Duration.between(at, clock.instant()).toSeconds())
                            .orElse(Double.NaN))
                    .tag("service", service.id())
                    .baseUnit("seconds")
                    .description("Age of the service's newest verified backup; compare with its RPO")
                    .register(registry);
        }
    }

    public void outcome(String service, String outcome) {
        registry.counter("lifeboat.backups", "service", service, "outcome", outcome).increment();
    }

    public void finished(BackupRecord backup, String outcome, Duration duration) {
        outcome(backup.service(), outcome);
        registry.timer("lifeboat.backup.duration", "service", backup.service(), "outcome", outcome).record(duration);
        if (backup.bytes() != null) {
            registry.summary("lifeboat.backup.bytes", "service", backup.service()).record(backup.bytes());
        }
    }
}
