package io.lifeboat.connector;

import java.util.List;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code lifeboat_connector_requests_total{connector,outcome}} (outcome: delivered, retry, dead, circuit-open) and
 * {@code lifeboat_outbox_pending{connector}} for {@code /actuator/prometheus}. A pending count that keeps growing
 * means a peer is down or refusing: {@code GET /api/connectors} says which and why.
 */
@Component
public class OutboxMetrics {

    static final String DELIVERED = "delivered";
    static final String RETRY = "retry";
    static final String DEAD = "dead";
    static final String CIRCUIT_OPEN = "circuit-open";

    private final MeterRegistry registry;

    public OutboxMetrics(MeterRegistry registry, List<Connector> connectors, OutboxRepository repository) {
        this.registry = registry;
        for (Connector connector : connectors) {
            // read at each scrape; while the database is unreachable Micrometer reports NaN
            Gauge.builder("lifeboat.outbox.pending", () -> repository.count(connector.name(), OutboxRepository.PENDING))
                    .description("Outbox messages waiting for delivery")
                    .tag("connector", connector.name())
                    .register(registry);
            List.of(DELIVERED, RETRY, DEAD, CIRCUIT_OPEN).forEach(outcome -> counter(connector.name(), outcome));
        }
    }

    void count(String connector, String outcome) {
        counter(connector, outcome).increment();
    }

    private Counter counter(String connector, String outcome) {
        return Counter.builder("lifeboat.connector.requests")
                .description("Delivery attempts of outbox messages, by outcome; circuit-open: held back, not sent")
                .tag("connector", connector).tag("outcome", outcome)
                .register(registry);
    }
}
