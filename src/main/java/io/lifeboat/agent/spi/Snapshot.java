package io.lifeboat.agent.spi;

/**
 * What an agent made. {@code checksum} is the SHA-256 of the archive or manifest the agent wrote, hex encoded,
 * or the repository's own snapshot id where the tool checksums internally.
 *
 * @param method what the agent actually made, which may differ from what was asked
 *               ({@link BackupAgent#honouredMethods}); null only for snapshots recorded before agents reported it
 */
public record Snapshot(String agent, String snapshotId, long bytes, long fileCount, String checksum, BackupMethod method) {
}
