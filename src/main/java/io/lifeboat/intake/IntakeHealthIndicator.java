package io.lifeboat.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The {@code intake} component of {@code /actuator/health}: DOWN while a service's inbox has had an alert failing for
 * longer than {@code lifeboat.intake.failing-health-after}, since that alert holds back every later alert of its
 * service. Its details name those services with counts, nothing else: health is open to anyone.
 */
@Component
public class IntakeHealthIndicator implements HealthIndicator {

    /** How the details name alerts that matched no service of the catalog. */
    static final String NO_SERVICE = "(no service)";
    private static final Logger LOG = LoggerFactory.getLogger(IntakeHealthIndicator.class);

    private final AlertInbox inbox;
    private final Clock clock;
    private final Duration failingHealthAfter;

    public IntakeHealthIndicator(AlertInbox inbox, Clock clock, IntakeProperties properties) {
        this.inbox = inbox;
        this.clock = clock;
        this.failingHealthAfter = properties.failingHealthAfter();
    }

    @Override
    public Health health() {
        Map<String, Object> services = new LinkedHashMap<>();
        try {
            for (AlertInbox.HeldBackService held : inbox.failingSince(clock.instant().minus(failingHealthAfter))) {
                services.put(held.service() == null ? NO_SERVICE : held.service(),
                        Map.of("failingAlerts", held.failing(), "unprocessedAlerts", held.unprocessed()));
            }
        } catch (DataAccessException e) {
            // the reason goes to the log only: health answers anonymous callers
            LOG.warn("Alert inbox not readable for the health check: {}", e.toString());
            return Health.down().withDetail("inbox", "not readable").build();
        }
        if (services.isEmpty()) {
            return Health.up().build();
        }
        return Health.down().withDetail("failingLongerThan", failingHealthAfter.toString()).withDetail("services", services).build();
    }
}
