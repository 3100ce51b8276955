package io.lifeboat.drill;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.lifeboat.check.CheckResult;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A restore drill as the API and its report show it.
 *
 * @param backupId       the restore point: the backup restored into the sandbox
 * @param recoveryPoint  how it was chosen: {@code latest}, {@code random}, {@code backup} (asked for by id) or
 *                       {@code point-in-time}
 * @param trigger        {@code api}, {@code schedule} or {@code retry} (of an inconclusive drill, {@code retryOf})
 * @param sandbox        per data source, where the sandbox copy went (the restore's alternate target)
 * @param damage         a negative control's deliberate damage; empty otherwise
 * @param referenceTime  what the RPO is measured to
 * @param recoveredTo    the newest moment of the restored data, as the restore measures it
 * @param rtoSeconds     from the drill's start until every check had passed; null unless they all did
 * @param rpoSeconds     from {@code recoveredTo} to {@code referenceTime}
 * @param teardown       whether the sandbox was removed, and what was left where it was not
 * @param reportSha256   the SHA-256 of the report's HTML as rendered when the drill finished, also in the audit trail
 */
public record DrillRecord(
        String id,
        String service,
        String backupId,
        Instant pointInTime,
        String recoveryPoint,
        boolean negativeControl,
        String trigger,
        String retryOf,
        String requestedBy,
        String restoreId,
        DrillRunState state,
        DrillVerdict verdict,
        String reason,
        @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "per data source, its sandbox destination: path; database and server; dataDirectory and port")
        Map<String, Map<String, Object>> sandbox,
        List<SandboxDamage> damage,
        List<CheckResult> checks,
        Instant referenceTime,
        Instant recoveredTo,
        Long rtoSeconds,
        Long rpoSeconds,
        Objectives objectives,
        Timings timings,
        Teardown teardown,
        String reportUrl,
        String reportSha256,
        String processInstanceId) {

    /** The service's objectives from the catalog, and whether this drill met them (null until measured). */
    @Schema(name = "DrillObjectives")
    public record Objectives(String rto, String rpo, Boolean rtoMet, Boolean rpoMet) {
    }

    /** When each part ran; the restore and each check are also timed apart ({@link CheckResult#millis()}). */
    @Schema(name = "DrillTimings")
    public record Timings(Instant startedAt, Instant restoreStartedAt, Instant restoreFinishedAt, Instant checksStartedAt,
                          Instant checksFinishedAt, Instant finishedAt) {
    }

    /** @param succeeded null until the teardown ran */
    @Schema(name = "DrillTeardown")
    public record Teardown(Boolean succeeded, String detail) {
    }
}
