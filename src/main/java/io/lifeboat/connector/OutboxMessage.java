package io.lifeboat.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request waiting in the outbox, as a {@link Delivery} gets it.
 *
 * @param key     the idempotency key, unique per connector and operation: the same runbook step asking twice queues one
 *                message. It is also what the remote side is searched by (correlation id, dedup key).
 * @param payload what the operation needs, never a secret: settings are read by the delivery
 * @param subject what the message is about, for people and the timeline: an incident id, a backup id
 * @param attempt 1 on the first delivery
 */
public record OutboxMessage(long id, String connector, String operation, String key, ObjectNode payload, String subject,
                            int attempt) {
}
