package io.lifeboat.backup;

import java.time.Instant;

/**
 * A backup as the API shows it. For several data sources, snapshotId, method and checksum list each one, comma
 * separated.
 *
 * @param method        what the agents actually made ({@code full}, {@code incremental}, {@code differential}), which
 *                      is not always what was asked: pg_dump always dumps everything, restic is always incremental;
 *                      null until the backup succeeded
 * @param incidentId    the incident an emergency backup was taken for, else null
 * @param storageTarget where the agents wrote it (an emergency backup goes to the policy's incident pool)
 * @param deletedAt     when retention or an approved request deleted its data; the record stays as history
 * @param failedStep    the runbook step a FAILED backup failed at, else null
 * @param dataCapturedAt when the agent step began reading the data: the data is at least this recent (null until then)
 */
public record BackupRecord(
        String id,
        String service,
        String agent,
        String method,
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
        String progress,
        String incidentId,
        String storageTarget,
        Instant deletedAt,
        String failedStep,
        Instant dataCapturedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }

    /** The moment its data is at least as recent as: when the agent began reading, or its start for older records. */
    public Instant restorePoint() {
        return dataCapturedAt != null ? dataCapturedAt : startedAt;
    }
}
