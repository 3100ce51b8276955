package io.lifeboat.intake;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An accepted alert whose handler failed at least once and that is still unprocessed: it is retried every round and,
 * until it succeeds or is skipped, holds back the later alerts of its service.
 *
 * @param service       null when no catalog service matched the alert
 * @param waitingBehind unprocessed alerts of the same service accepted after this one
 */
@Schema(name = "FailingAlert")
public record FailingAlert(
        long id,
        String source,
        String service,
        String fingerprint,
        Instant receivedAt,
        int attempts,
        String lastError,
        Instant lastAttemptAt,
        long waitingBehind) {
}
