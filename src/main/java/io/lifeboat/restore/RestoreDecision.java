package io.lifeboat.restore;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /api/restores/{id}/decision}. */
public record RestoreDecision(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean approve,
        @Schema(nullable = true, description = "required to reject or to waive the safety backup") String comment,
        @Schema(nullable = true, description = "approve without the safety backup, e.g. when the data is unreadable")
        Boolean waiveSafetyBackup) {
}
