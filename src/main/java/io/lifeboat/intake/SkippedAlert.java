package io.lifeboat.intake;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** An alert marked processed by a person instead of the handler; the later alerts of its service go on. */
@Schema(name = "SkippedAlert")
public record SkippedAlert(
        long id,
        String service,
        String fingerprint,
        int attempts,
        String lastError,
        Instant skippedAt,
        String skippedBy,
        String reason) {

    static SkippedAlert of(AlertInbox.Row row) {
        return new SkippedAlert(row.id(), row.service(), row.fingerprint(), row.attempts(), row.lastError(),
                row.processedAt(), row.skippedBy(), row.skipReason());
    }
}
