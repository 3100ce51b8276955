package io.lifeboat.agent.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SPI every backup tool is adapted to. Implementations are Spring beans; {@link #name()} is what a catalog
 * data source names in its {@code agent} field.
 *
 * <p>Every call may be repeated after a crash: {@link #backup} must find and return the snapshot an earlier attempt
 * with the same backup id already made, never make a second one.
 */
public interface BackupAgent {

    String name();

    /**
     * The backup methods this agent makes as asked ({@link SourceLocation#method()}). Asked for another, it makes the
     * backup it can (a full one, or its own kind of incremental) and its {@link Snapshot#method()} says which; the
     * catalog refuses a policy whose method a data source's agent does not honour, since every scheduled backup
     * would be something else than the policy says.
     */
    Set<BackupMethod> honouredMethods();

    /** Problems with a data source's settings, each naming the setting; empty when they are good. */
    List<String> validate(Map<String, Object> settings);

    Snapshot backup(String backupId, SourceLocation source, ProgressListener progress) throws AgentException;

    Verification verify(SourceLocation source, Snapshot snapshot) throws AgentException;

    /**
     * The files a snapshot consists of, for copying to object storage, in upload order: data first, its manifest
     * last. Empty for an agent that keeps its own repository (it reaches object storage through that repository's
     * settings), and empty for a snapshot whose manifest is gone, which is no backup any more.
     */
    List<Path> files(SourceLocation source, Snapshot snapshot) throws AgentException;

    /**
     * Where the data source's own data lives ({@link DataFootprint}), for the guard that keeps a restore drill's
     * sandbox away from it. A configuration file the settings name that is missing on this host holds nothing here;
     * one that cannot be read is an error, so the guard refuses rather than guesses.
     */
    DataFootprint footprint(SourceLocation source) throws AgentException;

    /**
     * Why a data source with these settings would never get its backups into an S3 target's bucket, or empty when
     * it does: through {@link #files} (Lifeboat uploads them) or through a repository of its own in object storage.
     * The catalog refuses such a data source on a service backed up to S3, instead of keeping its backups only in
     * the local staging directory.
     */
    default Optional<String> unfitForObjectStorage(Map<String, Object> settings) {
        return Optional.empty();
    }

    /**
     * What a snapshot holds whose path starts with {@code prefix} (a plain string, empty for everything), at most
     * {@code limit} entries, so a user can find the file to restore. An agent whose backups are no tree of files (a
     * database dump) keeps no file list: it lists nothing and says why.
     */
    default FileListing list(SourceLocation source, Snapshot snapshot, String prefix, int limit) throws AgentException {
        return FileListing.none(name() + " backups keep no list of files");
    }

    /**
     * Whether an in-place restore writes into the data source's own data at once, as pgBackRest's {@code --delta}
     * restore into the stopped cluster does, instead of beside it. A failure before the switch is then undone by
     * {@link #switchBack} from the safety backup, since {@link #discard} has nothing beside production to remove.
     */
    default boolean overwritesInPlace() {
        return false;
    }

    /**
     * Why the restore's destination cannot take the snapshot (too little free space where it would be written), or
     * empty when it can or the agent cannot tell (a database server).
     */
    Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) throws AgentException;

    /**
     * Why the agent's tools could not write an alternate restore's {@code destination}, tried as they would write it
     * (pgbackrest: as the cluster's user, where the data directory goes), or empty when they could or the agent cannot
     * tell. A drill asks before it restores into its sandbox and again after a restore failed, so that a sandbox the
     * tools cannot write is not taken for a backup that does not restore.
     */
    default Optional<String> destinationProblem(SourceLocation source, Map<String, Object> destination) throws AgentException {
        return Optional.empty();
    }

    /**
     * Restores a snapshot for the {@code restore} runbook: alternate, into {@link RestoreSpec#destination()}; in place,
     * beside the data source's own data, which stays as it was until {@link #switchIn} (pgbackrest alone restores into
     * the stopped cluster's data directory with {@code --delta}, after the safety backup). A repeated call for the same
     * restore id starts again from a clean staging area.
     */
    RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress)
            throws AgentException;

    /**
     * Checks restored data against what the snapshot recorded: files, every file's SHA-256 against the manifest;
     * restic, the file count and sizes against the snapshot; pgdump, per table the row counts recorded at backup
     * time; pgbackrest, the server starts, reaches a consistent state and answers a SQL probe.
     */
    Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored)
            throws AgentException;

    /**
     * The rows per table the backup counted when it was made, keyed {@code schema.table} as the database spells both,
     * for a drill check that compares a restored table with it; empty when the agent counts no rows (all but pgdump).
     */
    default Optional<Map<String, Long>> recordedRowCounts(SourceLocation source, Snapshot snapshot) throws AgentException {
        return Optional.empty();
    }

    /**
     * A JDBC connection to restored data that is a database, for the checks run on it: pgdump, the restored database
     * on the data source's server; pgbackrest, the restored cluster, started on {@link RestoredData#port()}. Agents
     * whose restored data is a directory of files refuse, saying so.
     */
    default java.sql.Connection connect(SourceLocation source, RestoredData restored) throws AgentException {
        throw new AgentException(name() + " restores files, not a database to connect to", false);
    }

    /**
     * In place: puts the verified restored data where the data source's own was, keeping the previous state aside
     * (files: {@code <dir>.pre-restore-<id>}; pgdump: the old database renamed). Repeatable: done already, it does
     * nothing.
     */
    void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) throws AgentException;

    /**
     * In place, after a check failed once the restored data was switched in: puts the previous state back from where
     * {@link #switchIn} kept it, or for an agent that keeps nothing aside (pgbackrest) from {@code previous}, the
     * safety backup's snapshot of this data source (null when the safety backup was waived). Repeatable.
     */
    void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous)
            throws AgentException;

    /**
     * Removes what a restore left behind: restored data never switched in (a restore that failed before the switch,
     * or was rolled back), and the previous state kept aside once {@code lifeboat.restore.keep-previous} has passed.
     * What is already gone is no error.
     */
    void discard(SourceLocation source, RestoreSpec spec) throws AgentException;

    /**
     * Deletes a snapshot for retention or an approved deletion. Deleting a snapshot that is already gone succeeds,
     * so a repeated call after a crash does no harm.
     */
    void delete(SourceLocation source, Snapshot snapshot) throws AgentException;
}
