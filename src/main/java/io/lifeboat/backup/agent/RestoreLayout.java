package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.storage.FreeSpaceProbe;

/**
 * Where a restore of a directory puts its data, and how restored data is switched in and back, for the agents whose
 * data is a directory of files (files, restic).
 *
 * <p>Alternate: into the request's {@code path}, which must be empty or missing. Beside it, the empty marker file
 * {@code .<name>.restored-by-<restoreId>} tells a repeated call and {@link #discard} that this restore wrote what is
 * there (it stays once the restore completed, and goes with a restore that failed); a destination without it is
 * never removed.
 *
 * <p>In place, beside the data source's directory {@code <dir>}, in its parent directory and so on its file system:
 * restored into {@code <dir>.restoring-<restoreId>} while {@code <dir>} stays as it is; switched in by renaming
 * {@code <dir>} to {@code <dir>.pre-restore-<restoreId>} and the restored directory to {@code <dir>}; switched back
 * by the two renames the other way round.
 *
 * <p>Either is first written into the hidden {@code .<name>.restoring-<restoreId>} beside it and moved into place
 * whole, so a failed restore leaves no half-written directory behind.
 */
final class RestoreLayout {

    /** Restored files take a little more than their bytes (blocks, directories); the rest is left for others. */
    static final double HEADROOM = 1.1;

    private final RestoreSpec spec;
    /** In place, the data source's directory; null for an alternate restore. */
    private final Path production;
    /** Where the restore puts the data: the staging directory in place, the requested path alternate. */
    private final Path destination;
    private final Path partial;

    private RestoreLayout(RestoreSpec spec, Path production, Path destination) {
        this.spec = spec;
        this.production = production;
        this.destination = destination;
        // .<dir>.restoring-<id> in place, beside the staging directory <dir>.restoring-<id> it becomes
        Path named = production == null ? destination : production;
        this.partial = destination.resolveSibling("." + named.getFileName() + ".restoring-" + spec.restoreId());
    }

    /**
     * @param dataDirectories the data source's own directories, resolved; in place takes exactly one, and an alternate
     *                        destination may not lie inside any of them
     */
    static RestoreLayout of(SourceLocation source, RestoreSpec spec, List<Path> dataDirectories) throws AgentException {
        AgentSettings.requireSafeName(spec.restoreId(), "restore id");
        if (spec.inPlace()) {
            if (!spec.paths().isEmpty()) {
                throw new AgentException("paths " + spec.paths() + " cannot be restored in place, only elsewhere: an in-place"
                        + " restore replaces the whole directory", false);
            }
            if (dataDirectories.size() != 1) {
                throw new AgentException("an in-place restore replaces one directory, and this data source has "
                        + dataDirectories.size() + " " + dataDirectories + ": restore it elsewhere", false);
            }
            Path production = dataDirectories.get(0);
            if (production.getParent() == null) {
                throw new AgentException("cannot restore the file system root in place", false);
            }
            return new RestoreLayout(spec, production, production.resolveSibling(production.getFileName() + ".restoring-"
                    + spec.restoreId()));
        }
        Object path = spec.destination().get("path");
        if (!(path instanceof String text) || text.isBlank()) {
            throw new AgentException("an alternate restore needs the destination's path, a directory", false);
        }
        Path destination = source.resolve(text);
        if (destination.getParent() == null) {
            throw new AgentException("cannot restore into the file system root", false);
        }
        for (Path data : dataDirectories) {
            if (destination.startsWith(data)) {
                throw new AgentException("restore destination " + destination + " lies inside the data source's directory "
                        + data + ", which an alternate restore never touches", false);
            }
        }
        return new RestoreLayout(spec, null, destination);
    }

    /** What the old {@code restore(source, snapshot, directory)} did: restore everything into an empty directory. */
    static RestoreSpec into(Path directory) {
        return new RestoreSpec(UUID.randomUUID().toString(), RestoreMode.ALTERNATE, Map.of("path", directory.toString()),
                List.of(), null);
    }

    Path destination() {
        return destination;
    }

    /**
     * Clears what an earlier attempt of this restore left and opens the hidden directory to write into. Production is
     * not touched; an alternate destination that holds anything this restore did not write is refused.
     */
    RestoreTarget begin() throws AgentException {
        try {
            if (production != null) {
                if (Files.exists(aside())) {
                    throw new AgentException("restore " + spec.restoreId() + " was switched in already: " + aside()
                            + " holds the previous data; switch back or discard before restoring again", false);
                }
                DirectoryTree.delete(destination);
            } else if (Files.exists(marker())) {
                DirectoryTree.delete(destination);
            } else {
                Optional<String> occupied = occupied();
                if (occupied.isPresent()) {
                    throw new AgentException(occupied.get(), false);
                }
                Files.createDirectories(destination.getParent());
                Files.createFile(marker());
            }
        } catch (IOException e) {
            throw new AgentException("cannot prepare restore " + spec.restoreId() + " into " + destination + ": "
                    + e.getMessage(), true, e);
        }
        return RestoreTarget.prepare(destination, partial, production == null ? marker() : null);
    }

    /** Where the data is now, and the newest modification among its files. */
    RestoredData restored() throws AgentException {
        try {
            return new RestoredData(destination.toString(), null, RestoredTree.newestChange(destination), null);
        } catch (IOException e) {
            throw new AgentException("cannot read the restored files in " + destination + ": " + e.getMessage(), true, e);
        }
    }

    /**
     * Whether the file system the restore writes to has {@link #HEADROOM} times {@code bytes} free, and an alternate
     * destination is empty.
     */
    Optional<String> capacityProblem(FreeSpaceProbe freeSpace, long bytes) throws AgentException {
        if (production == null && !Files.exists(marker())) {
            Optional<String> occupied = occupied();
            if (occupied.isPresent()) {
                return occupied;
            }
        }
        Path existing = destination;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long usable = freeSpace.usableBytes(existing);
        long needed = (long) Math.ceil(bytes * HEADROOM);
        if (usable >= needed) {
            return Optional.empty();
        }
        return Optional.of("restoring " + bytes + " bytes into " + destination + " needs " + HEADROOM + " x that = "
                + needed + " bytes free, and " + existing + " has " + usable + " bytes free");
    }

    /**
     * Renames the data source's directory aside and the restored one into its place. A missing data source directory
     * is kept aside as an empty one, so that {@link #switchBack} finds something to put back. Repeatable: switched in
     * already, it does nothing; interrupted between the renames, it does the second.
     */
    void switchIn() throws AgentException {
        requireInPlace("switch in");
        try {
            if (!Files.exists(aside())) {
                if (!Files.exists(destination)) {
                    throw new AgentException("restore " + spec.restoreId() + " has nothing to switch in: " + destination
                            + " is missing", false);
                }
                if (Files.exists(production)) {
                    renameDurably(production, aside());
                } else {
                    Files.createDirectory(aside());
                }
            }
            if (Files.exists(destination)) {
                if (Files.exists(production)) {
                    throw new AgentException("cannot switch in " + destination + ": " + production + " and " + aside()
                            + " both exist", false);
                }
                renameDurably(destination, production);
            }
        } catch (IOException e) {
            throw new AgentException("cannot switch restore " + spec.restoreId() + " into " + production + ": "
                    + e.getMessage(), true, e);
        }
    }

    /**
     * Renames the restored data back to the staging directory and the previous data back into place. Repeatable:
     * nothing aside, it does nothing.
     */
    void switchBack() throws AgentException {
        requireInPlace("switch back");
        try {
            if (!Files.exists(aside())) {
                return;
            }
            if (Files.exists(production)) {
                if (Files.exists(destination)) {
                    throw new AgentException("cannot switch back to " + aside() + ": " + production + " and "
                            + destination + " both exist", false);
                }
                renameDurably(production, destination);
            }
            renameDurably(aside(), production);
        } catch (IOException e) {
            throw new AgentException("cannot switch " + production + " back to " + aside() + ": " + e.getMessage(), true, e);
        }
    }

    /**
     * Removes the staging directory, the data kept aside and the hidden directory, whichever exist; alternate, the
     * destination only while this restore's marker says it wrote it. Refuses while the data kept aside is the only
     * copy, the data source's directory missing.
     */
    void discard() throws AgentException {
        try {
            if (production != null) {
                if (Files.exists(aside()) && !Files.exists(production)) {
                    throw new AgentException(aside() + " is the only copy of " + production + ", which is missing;"
                            + " switch in or back before discarding restore " + spec.restoreId(), false);
                }
                DirectoryTree.delete(aside());
                DirectoryTree.delete(destination);
            } else if (Files.exists(marker())) {
                DirectoryTree.delete(destination);
                Files.delete(marker());
            }
            DirectoryTree.delete(partial);
        } catch (IOException e) {
            throw new AgentException("cannot discard restore " + spec.restoreId() + " of " + destination + ": "
                    + e.getMessage(), true, e);
        }
    }

    /** Renames within one directory's file system, then flushes the directory so the rename survives a crash. */
    static void renameDurably(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private Path aside() {
        return production.resolveSibling(production.getFileName() + ".pre-restore-" + spec.restoreId());
    }

    private Path marker() {
        return destination.resolveSibling("." + destination.getFileName() + ".restored-by-" + spec.restoreId());
    }

    private void requireInPlace(String what) throws AgentException {
        if (production == null) {
            throw new AgentException("only an in-place restore can " + what + "; restore " + spec.restoreId()
                    + " went to " + destination, false);
        }
    }

    /** Why an alternate destination cannot be restored into: it holds something. */
    private Optional<String> occupied() throws AgentException {
        try {
            return Files.exists(destination) && !RestoreTarget.isEmptyDirectory(destination)
                    ? Optional.of("restore destination " + destination + " is not an empty directory") : Optional.empty();
        } catch (IOException e) {
            throw new AgentException("cannot read restore destination " + destination + ": " + e.getMessage(), true, e);
        }
    }
}
