package io.lifeboat.restore;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /api/restores}.
 *
 * @param pointInTime ISO-8601; the newest verified backup finished at or before it, and with pgBackRest a recovery to
 *                    that moment
 */
public record RestoreRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String service,
        @Schema(nullable = true, description = "the backup to restore; none: pointInTime, else the newest verified backup")
        String backupId,
        @Schema(nullable = true, description = "ISO-8601 instant: the newest verified backup finished by then")
        String pointInTime,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Target target,
        @Schema(nullable = true, description = "files or directories inside the backup (files and restic, alternate only)")
        List<String> paths,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String reason,
        @Schema(nullable = true) String incidentId,
        @Schema(nullable = true, description = "restore a failed or unverified backup; the reason must say why")
        Boolean allowUnverified) {

    /**
     * @param mode        {@code in-place} or {@code alternate}
     * @param dataSources alternate only: per data source, where it goes ({@code path}; {@code database}, optionally
     *                    on another server, {@code server: {host, port, user, passwordRef}}; {@code dataDirectory} and
     *                    {@code port}); a data source left out is not restored
     */
    public record Target(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"in-place", "alternate"}) String mode,
            @Schema(nullable = true) Map<String, Map<String, Object>> dataSources) {
    }
}
