package io.lifeboat.backup;

import java.time.Instant;

/** A backup as the API shows it. For several data sources, snapshotId and checksum list each one, comma separated. */
public record BackupRecord(
        String id,
        String service,
        String agent,
        BackupTrigger trigger,
        String initiator,
        String reason,
        BackupStatus status,
        String snapshotId,
        Long bytes,
        Long fileCount,
        String checksum,
        boolean verified,
        Instant startedAt,
        Instant finishedAt,
        String processInstanceId,
        String error,
        String progress) {
}
