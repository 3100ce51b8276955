package io.lifeboat.backup;

/** Published in the transaction that records a backup's end, so waiting runbooks can go on. */
public record BackupFinished(String backupId, String service, BackupStatus status, boolean verified) {
}
