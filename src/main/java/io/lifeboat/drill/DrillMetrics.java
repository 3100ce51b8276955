package io.lifeboat.drill;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code lifeboat_drills_total{service,verdict}} and {@code lifeboat_drill_last_passed_age_seconds{service}}: how long
 * ago the service's newest passed drill finished, read from the records at each scrape (NaN: never passed), so an
 * alert can say a service's backups have gone unproven for too long.
 */
@Component
public class DrillMetrics {

    private final MeterRegistry registry;

    DrillMetrics(MeterRegistry registry, Catalog catalog, DrillRepository drills, Clock clock) {
        this.registry = registry;
        for (ServiceDefinition service : catalog.services()) {
            Gauge.builder("lifeboat.drill.last.passed.age", drills, repository -> repository
                            .lastFinished(service.id(), DrillVerdict.PASSED)
                            .map(drill -> (double) Duration.between(drill.timings().finishedAt(), clock.instant()).toSeconds())
                            .orElse(Double.NaN))
                    .tag("service", service.id()).baseUnit("seconds").register(registry);
        }
    }

    void finished(String service, DrillVerdict verdict) {
        registry.counter("lifeboat.drills", "service", service, "verdict", verdict.value()).increment();
    }
}
