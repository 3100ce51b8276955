package io.lifeboat.backup;

import java.time.Instant;

/**
 * Published in the transaction that records the verified backup ending a service's open {@link BackupSlaBreached}.
 *
 * @param breachedAt when the breach was recorded
 */
public record BackupSlaRestored(String service, String backupId, Instant breachedAt, Instant restoredAt) {
}
