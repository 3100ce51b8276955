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

    /** Restores into {@code targetDirectory}, which must be empty or missing. */
    void restore(SourceLocation source, Snapshot snapshot, Path targetDirectory) throws AgentException;

    /**
     * Deletes a snapshot for retention or an approved deletion. Deleting a snapshot that is already gone succeeds,
     * so a repeated call after a crash does no harm.
     */
    void delete(SourceLocation source, Snapshot snapshot) throws AgentException;
}
