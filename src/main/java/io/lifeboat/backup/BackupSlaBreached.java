package io.lifeboat.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * Published once when a service has no verified backup within its RPO ({@link BackupSlas#check}), in the transaction
 * that records the breach; {@link BackupSlaRestored} follows when a later backup of the service is verified.
 *
 * @param lastVerifiedBackupId the newest verified backup, null when the service has none
 * @param lastVerifiedAt       when that backup's data was read, null when there is none
 * @param since                since when a verified backup is overdue: the last one's time plus the RPO, or for a
 *                             service without one its first scheduled time since Lifeboat watched it plus the RPO
 */
public record BackupSlaBreached(String service, String lastVerifiedBackupId, Instant lastVerifiedAt, Duration rpo,
                                Instant since) {
}
