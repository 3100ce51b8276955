package io.lifeboat.agent.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a restore asks of one data source's agent.
 *
 * @param restoreId   the restore's id: agents name what they stage or keep aside after it, so a repeated call after a
 *                    crash finds its own earlier work instead of making a second copy
 * @param destination for {@link RestoreMode#ALTERNATE}, the request's settings for this data source:
 *                    {@code {"path": ...}} for files and restic (paths inside the backup are kept below it),
 *                    {@code {"database": ...}} for pgdump (a new database on the data source's server, or on the
 *                    one an optional {@code "server": {host, port, user, passwordRef}} names),
 *                    {@code {"dataDirectory": ..., "port": ...}} for pgbackrest; empty in place
 * @param paths       files or directories inside the backup to restore, as {@link SnapshotEntry#path()} spells them;
 *                    empty for everything (alternate restores of files and restic only)
 * @param pointInTime the moment to recover to where the agent replays logs (pgbackrest: {@code --type=time}), null
 *                    for the end of the snapshot
 */
public record RestoreSpec(String restoreId, RestoreMode mode, Map<String, Object> destination, List<String> paths,
                          Instant pointInTime) {

    public RestoreSpec {
        destination = Map.copyOf(destination);
        paths = List.copyOf(paths);
    }

    public boolean inPlace() {
        return mode == RestoreMode.IN_PLACE;
    }
}
