package io.lifeboat.backup;

import io.lifeboat.agent.spi.Snapshot;

/** One data source's snapshot within a backup. */
public record BackupArtifact(String backupId, String dataSource, Snapshot snapshot, boolean verified, String verification) {
}
