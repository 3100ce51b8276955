package io.lifeboat.backup;

/**
 * Published in the transaction that records a backup's end, so waiting runbooks can go on and a connector can open a
 * ticket for a failed one.
 *
 * @param trigger    why it ran ({@code schedule}, {@code manual}, {@code emergency}, {@code pre-restore})
 * @param failedStep the runbook step a FAILED backup failed at; null when it succeeded or was cancelled
 * @param error      why a FAILED backup failed; null when it succeeded
 */
public record BackupFinished(String backupId, String service, BackupStatus status, boolean verified, BackupTrigger trigger,
                             String failedStep, String error) {
}
