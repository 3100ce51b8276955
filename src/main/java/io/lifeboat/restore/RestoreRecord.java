package io.lifeboat.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A restore as the API shows it.
 *
 * @param backupId            the restore point: the backup restored
 * @param pointInTime         the moment asked for, or null when a backup (or the newest verified one) was asked for
 * @param target              per data source, where an alternate restore put it; empty in place
 * @param recoveredTo         the moment the restored data represents: a point-in-time recovery's target, else when the
 *                            backup's agent read the data; null until the data is restored
 * @param referenceTime       what the RPO is measured to: the linked incident's start, else the request
 * @param rtoSeconds          from the request until the service was back with its checks passed
 * @param approvalWaitSeconds how long of that the approval took (in place only)
 * @param rpoSeconds          from {@code recoveredTo} to {@code referenceTime}
 * @param failedStep          the runbook step a FAILED or ROLLED_BACK restore failed at
 */
public record RestoreRecord(
        String id,
        String service,
        String backupId,
        Instant pointInTime,
        String mode,
        Map<String, Map<String, Object>> target,
        List<String> paths,
        RestoreState state,
        String requestedBy,
        Instant requestedAt,
        String reason,
        String incidentId,
        boolean unverifiedAllowed,
        String approvedBy,
        Instant decidedAt,
        String decisionComment,
        String safetyBackupId,
        String safetyWaivedBecause,
        Instant recoveredTo,
        Instant referenceTime,
        Long rtoSeconds,
        Long approvalWaitSeconds,
        Long rpoSeconds,
        List<CheckOutcome> checks,
        Instant finishedAt,
        String failedStep,
        String error,
        String processInstanceId) {

    public boolean inPlace() {
        return "in-place".equals(mode);
    }

    static long seconds(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds();
    }
}
