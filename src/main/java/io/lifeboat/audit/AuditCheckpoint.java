package io.lifeboat.audit;

import java.time.Instant;

/**
 * The chain's head at one moment, kept outside the database: an attacker who rewinds or rewrites the trail in the
 * database cannot make it agree with the checkpoints already written.
 *
 * @param signature HMAC-SHA256 over the other fields with the key derived for checkpoints ({@link AuditKey})
 */
public record AuditCheckpoint(long lastId, String lastHash, Instant at, String signature) {
}
