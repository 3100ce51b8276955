package io.lifeboat.backup.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.lifeboat.agent.spi.AgentException;

/**
 * The files or directories a restore asks for ({@link io.lifeboat.agent.spi.RestoreSpec#paths()}), as
 * {@link io.lifeboat.agent.spi.SnapshotEntry#path()} spells them: a path selects itself and, when it is a directory,
 * everything below it. None selects everything.
 */
final class RestorePaths {

    private final List<String> paths;

    private RestorePaths(List<String> paths) {
        this.paths = paths;
    }

    /** A trailing {@code /} is dropped, so {@code docs/} and {@code docs} are the same directory. */
    static RestorePaths of(List<String> requested) throws AgentException {
        List<String> paths = new ArrayList<>();
        for (String path : requested) {
            String trimmed = path == null ? "" : path.replaceFirst("/+$", "");
            if (trimmed.isEmpty() || trimmed.startsWith("/")) {
                throw new AgentException("paths entry '" + path + "' is no path inside the backup, as its file list"
                        + " spells them (relative, without a leading /)", false);
            }
            paths.add(trimmed);
        }
        return new RestorePaths(List.copyOf(paths));
    }

    boolean all() {
        return paths.isEmpty();
    }

    List<String> paths() {
        return paths;
    }

    /** Whether {@code path} (a file's or directory's, relative) is restored. */
    boolean selects(String path) {
        return all() || paths.stream().anyMatch(p -> covers(p, path));
    }

    /**
     * Refuses paths that select none of the snapshot's entries: a typo would otherwise restore nothing and pass.
     *
     * @param entries every file's and directory's path in the snapshot
     */
    void requireIn(Collection<String> entries, String snapshot) throws AgentException {
        for (String path : paths) {
            if (entries.stream().noneMatch(entry -> covers(path, entry))) {
                throw new AgentException("paths entry '" + path + "' is not in " + snapshot, false);
            }
        }
    }

    private static boolean covers(String path, String entry) {
        String trimmed = entry.replaceFirst("/+$", "");
        return trimmed.equals(path) || trimmed.startsWith(path + "/");
    }
}
