package io.lifeboat.connector;

import java.time.Duration;
import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One connector as {@code GET /api/connectors} shows it.
 *
 * @param circuit    this node's circuit breaker: CLOSED (sending), OPEN (holding messages back), HALF_OPEN (trying one)
 * @param backlog    messages waiting for delivery (PENDING)
 * @param oldest     the oldest message neither delivered nor discarded (pending or dead); null when there is none
 * @param dead       messages waiting for an operator's retry or discard
 * @param lastError  the connector's latest failed attempt, also when a later one succeeded; null when none failed
 */
@Schema(description = "A connector: configured or not, circuit, outbox backlog, oldest undelivered message, last error")
public record ConnectorStatus(String name, String label, boolean configured, String circuit, long backlog,
                              @Schema(nullable = true) Oldest oldest, long dead,
                              @Schema(nullable = true) OutboxRepository.LastError lastError) {

    /** @param age how long it has waited, ISO-8601 */
    public record Oldest(Instant createdAt, Duration age) {
    }
}
