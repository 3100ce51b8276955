package io.lifeboat.drill;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /api/drills}. */
public record DrillRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String service,
        @Schema(nullable = true, description = "the backup to drill; none: pointInTime, else recoveryPoint")
        String backupId,
        @Schema(nullable = true, description = "ISO-8601 instant: the newest verified backup finished by then, and with "
                + "pgBackRest a recovery to that moment")
        String pointInTime,
        @Schema(nullable = true, allowableValues = {"latest", "random"},
                description = "without backupId or pointInTime: the newest verified backup (latest, the default unless "
                        + "the service's drillPolicy says random) or one at random from lifeboat.drill.random-within")
        String recoveryPoint,
        @Schema(nullable = true, description = "damage the sandbox copy on purpose: passes only when the checks see it")
        Boolean negativeControl) {
}
