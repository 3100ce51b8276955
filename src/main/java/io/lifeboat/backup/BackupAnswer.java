package io.lifeboat.backup;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A backup as {@code /api/backups} answers it: its record, and its state now, which is the record's status but
 * RETRYING while a step failed and the engine tries it again ({@code retrying} says which, when and why).
 * {@code history} (one backup only, not in lists) keeps every failure and retry, also of a backup that succeeded.
 */
public record BackupAnswer(@JsonUnwrapped BackupRecord backup,
                           @Schema(allowableValues = {"RUNNING", "RETRYING", "SUCCEEDED", "FAILED"}) String state,
                           StepRetry retrying,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<BackupEvent> history) {

    static final String RETRYING = "RETRYING";

    static BackupAnswer of(BackupRecord backup, StepRetry.Finder retries) {
        return of(backup, retries, null);
    }

    static BackupAnswer of(BackupRecord backup, StepRetry.Finder retries, List<BackupEvent> history) {
        StepRetry retrying = backup.status() == BackupStatus.RUNNING && backup.processInstanceId() != null
                ? retries.of(backup.processInstanceId()).orElse(null) : null;
        return new BackupAnswer(backup, retrying == null ? backup.status().name() : RETRYING, retrying, history);
    }
}
