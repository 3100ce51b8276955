package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.lifeboat.agent.spi.AgentException;

/**
 * The directory a restore writes into. Agents restore into a staging directory beside the target and move the result
 * into place only when it is complete, so a failed restore leaves the target as it was (empty or missing) and a retry
 * can simply start again.
 */
final class RestoreTarget implements AutoCloseable {

    private final Path target;
    private final Path staging;
    /** Removed again unless the restore completes; null for none. */
    private final Path claim;
    private boolean completed;

    private RestoreTarget(Path target, Path staging, Path claim) {
        this.target = target;
        this.staging = staging;
        this.claim = claim;
    }

    /**
     * Creates {@code staging}, a sibling of {@code target} named after a restore, afresh: whatever an earlier attempt
     * of that restore left there goes. The caller ({@link RestoreLayout}) has made sure that {@code target} may be
     * written.
     *
     * @param claim a file the caller wrote to mark the target as this restore's, removed unless it completes; or null
     */
    static RestoreTarget prepare(Path target, Path staging, Path claim) throws AgentException {
        try {
            DirectoryTree.delete(staging);
            Files.createDirectories(staging.getParent());
            return new RestoreTarget(target, Files.createDirectory(staging), claim);
        } catch (IOException e) {
            throw new AgentException("cannot prepare restore staging directory " + staging + ": " + e.getMessage(), true, e);
        }
    }

    Path staging() {
        return staging;
    }

    /** Moves {@code restoredRoot} (the staging directory or a directory inside it) into place as the target. */
    void complete(Path restoredRoot) throws AgentException {
        if (!restoredRoot.startsWith(staging) || !Files.isDirectory(restoredRoot)) {
            throw new AgentException("restore produced no directory " + restoredRoot, false);
        }
        try {
            Files.deleteIfExists(target); // it is empty, checked in prepare or by RestoreLayout
            Files.move(restoredRoot, target, StandardCopyOption.ATOMIC_MOVE);
            completed = true;
        } catch (IOException e) {
            throw new AgentException("cannot move the restored files into " + target + ": " + e.getMessage(), true, e);
        }
    }

    /** Removes whatever is left of the staging directory, and the claim of a restore that did not complete. */
    @Override
    public void close() throws AgentException {
        try {
            DirectoryTree.delete(staging);
            if (claim != null && !completed) {
                Files.deleteIfExists(claim);
            }
        } catch (IOException e) {
            throw new AgentException("cannot remove restore staging directory " + staging + ": " + e.getMessage(), true, e);
        }
    }

    static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
