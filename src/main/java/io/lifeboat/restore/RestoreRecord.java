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
 * @param objectives          the service's RTO and RPO from the catalog, and whether this restore met them
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
        String processInstanceId,
        Objectives objectives) {

    /**
     * @param rto    ISO-8601, as the catalog says
     * @param rtoMet null until the restore has its figures
     */
    public record Objectives(String rto, String rpo, Boolean rtoMet, Boolean rpoMet) {
    }

    /** With the service's objectives, as the API shows it. */
    RestoreRecord withObjectives(Duration rto, Duration rpo) {
        Boolean rtoMet = rtoSeconds == null ? null : rtoSeconds <= rto.toSeconds();
        Boolean rpoMet = rpoSeconds == null ? null : rpoSeconds <= rpo.toSeconds();
        return new RestoreRecord(id, service, backupId, pointInTime, mode, target, paths, state, requestedBy, requestedAt, reason,
                incidentId, unverifiedAllowed, approvedBy, decidedAt, decisionComment, safetyBackupId, safetyWaivedBecause,
                recoveredTo, referenceTime, rtoSeconds, approvalWaitSeconds, rpoSeconds, checks, finishedAt, failedStep, error,
                processInstanceId, new Objectives(rto.toString(), rpo.toString(), rtoMet, rpoMet));
    }

    public boolean inPlace() {
        return "in-place".equals(mode);
    }
}
