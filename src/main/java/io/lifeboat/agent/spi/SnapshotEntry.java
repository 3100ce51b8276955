package io.lifeboat.agent.spi;

/**
 * One file or directory a snapshot holds.
 *
 * @param path   with {@code /} separators, as a restore lays it out below its target directory
 * @param sha256 hex, where the agent recorded one at backup time, else null
 * @param type   {@code file} or {@code dir}, or the tool's own name for anything else (restic's {@code symlink})
 */
public record SnapshotEntry(String path, long size, String sha256, String type) {

    public static final String FILE = "file";
    public static final String DIR = "dir";
}
