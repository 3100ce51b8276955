package io.lifeboat.intake;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code lifeboat_intake_failing_alerts} for {@code /actuator/prometheus}: unprocessed alerts whose handler failed at
 * least once. Above zero for long means a stuck service: see {@code GET /api/alerts/inbox}.
 */
@Component
public class AlertInboxMetrics {

    public AlertInboxMetrics(MeterRegistry registry, AlertInbox inbox) {
        // read at each scrape; while the database is unreachable Micrometer reports NaN
        Gauge.builder("lifeboat.intake.failing.alerts", inbox::countFailing)
                .description("Unprocessed alerts whose handler failed at least once; each holds back its service")
                .register(registry);
    }
}
