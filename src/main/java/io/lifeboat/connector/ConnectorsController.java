package io.lifeboat.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The connectors and their outboxes, for people watching deliveries: what is stuck, since when, and why. */
@RestController
@Tag(name = "Connectors", description = "ServiceNow, PagerDuty and HTTP: configuration, circuit, outbox backlog")
public class ConnectorsController {

    private final List<Connector> connectors;
    private final OutboxRepository outbox;
    private final ConnectorCircuits circuits;
    private final Clock clock;

    public ConnectorsController(List<Connector> connectors, OutboxRepository outbox, ConnectorCircuits circuits, Clock clock) {
        this.connectors = connectors;
        this.outbox = outbox;
        this.circuits = circuits;
        this.clock = clock;
    }

    @GetMapping("/api/connectors")
    @Operation(summary = "Every connector, configured or not, with its circuit and outbox",
            description = "backlog counts pending messages, dead those waiting for an operator's connector-delivery task;"
                    + " oldest is the oldest message not delivered or discarded; lastError the latest failed attempt.")
    @ApiResponse(responseCode = "200", description = "the connectors, by name",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ConnectorStatus.class))))
    public List<ConnectorStatus> list() {
        return connectors.stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .map(this::status)
                .toList();
    }

    private ConnectorStatus status(Connector connector) {
        String name = connector.name();
        ConnectorStatus.Oldest oldest = outbox.oldestUndelivered(name)
                .map(createdAt -> new ConnectorStatus.Oldest(createdAt, Duration.between(createdAt, clock.instant())))
                .orElse(null);
        return new ConnectorStatus(name, connector.label(), connector.configured(), circuits.of(name).getState().name(),
                outbox.count(name, OutboxRepository.PENDING), oldest, outbox.count(name, OutboxRepository.DEAD),
                outbox.lastError(name).orElse(null));
    }
}
