package io.lifeboat.backup;

import io.lifeboat.backup.agent.Snapshot;

/** One data source's snapshot within a backup. */
public record BackupArtifact(String backupId, String dataSource, Snapshot snapshot, boolean verified, String verification) {
}
