package io.lifeboat.audit;

import java.time.Instant;

/**
 * One entry of the append-only trail. {@code hash} is the keyed HMAC-SHA256 over {@code previousHash} and every other
 * field ({@link AuditHash}), so changing or deleting any row breaks the chain from there on, recomputed hashes too.
 *
 * @param actor   the user, or {@code system:scheduler} / {@code system:engine} for automatic actions
 * @param action  e.g. {@code backup.requested}, {@code backup.succeeded}, {@code backup.skipped}
 * @param subject what the event is about, e.g. {@code backup/bk-3f9a1c2e7d4b} or {@code service/knowledge-base}
 * @param detail  a short free text: the error, the window overridden, the running backup's id
 */
public record AuditEvent(
        long id,
        Instant occurredAt,
        String actor,
        String action,
        String subject,
        String service,
        String trigger,
        String reason,
        String detail,
        String previousHash,
        String hash) {
}
