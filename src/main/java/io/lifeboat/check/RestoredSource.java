package io.lifeboat.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;

/**
 * One data source of a restore, as the checks see it.
 *
 * @param snapshot the data source's snapshot the restore read: file checks compare with what it recorded
 * @param data     where the agent put the restored data; null when the restore left this data source out
 * @param paths    the files or directories of the snapshot the restore brought back ({@code RestoreSpec.paths()},
 *                 spelled as {@code SnapshotEntry.path()}); empty for everything
 */
public record RestoredSource(BackupAgent agent, SourceLocation source, Snapshot snapshot, RestoredData data,
                             List<String> paths) {

    public RestoredSource {
        paths = List.copyOf(paths);
    }

    /** A data source the restore left out: checks that read it are skipped. */
    public static RestoredSource notRestored(BackupAgent agent, SourceLocation source, Snapshot snapshot) {
        return new RestoredSource(agent, source, snapshot, null, List.of());
    }

    public String dataSource() {
        return source.dataSource();
    }

    public boolean isRestored() {
        return data != null;
    }

    /**
     * The restored data as a directory of files (files, restic); empty for a database: a database name (pgdump) or a
     * cluster started on a port (pgbackrest), as {@link RestoredData} tells them apart.
     */
    Optional<Path> directory() {
        if (data == null || data.port() != null || !Path.of(data.location()).isAbsolute()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(data.location()));
    }

    boolean isDatabase() {
        return isRestored() && directory().isEmpty();
    }

    /** Whether the restore brought back this path of the snapshot. */
    boolean brought(String path) {
        return isRestored() && (paths.isEmpty() || paths.stream()
                .map(restored -> restored.replaceFirst("/+$", ""))
                .anyMatch(restored -> path.equals(restored) || path.startsWith(restored + "/")));
    }
}
