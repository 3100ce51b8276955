package io.lifeboat.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.SnapshotEntry;
import io.lifeboat.backup.BackupExecution.DataSourceListing;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.web.ApiRefusal;

/**
 * What a backup holds, so a user can find the file to restore: listed by the agents that made its snapshots, where
 * they were written. The server lists through its in-process agents, which reach its own storage targets; a
 * repository that only a remote agent reaches cannot be listed yet.
 */
@Service
public class BackupFiles {

    /** An answer never holds more entries; {@link Listing#truncated()} says when more matched. */
    public static final int MAX_ENTRIES = 1_000;

    private final BackupRepository backups;
    private final BackupExecution execution;

    public BackupFiles(BackupRepository backups, BackupExecution execution) {
        this.backups = backups;
        this.execution = execution;
    }

    /**
     * @param sha256 recorded at backup time by the files agent, else null
     * @param type   {@code file} or {@code dir} (restic also names {@code symlink})
     */
    public record Entry(String dataSource, String path, long size, String sha256, String type) {
    }

    /** A data source whose agent keeps no file list, and why. */
    public record Unlisted(String dataSource, String agent, String note) {
    }

    /**
     * Sorted by data source, then path.
     *
     * @param truncated more entries matched than {@value BackupFiles#MAX_ENTRIES}: narrow the prefix
     * @param unlisted  data sources listed as nothing, since their agent keeps no file list
     */
    public record Listing(String backupId, String service, List<Entry> files, boolean truncated, List<Unlisted> unlisted) {
    }

    /**
     * @param prefix a plain string the paths start with; empty for everything
     * @throws ApiRefusal 404 for an unknown backup, 409 for one that is running, failed or deleted, 503 when an agent
     *                    cannot read what it made
     */
    public Listing list(String backupId, String prefix) {
        BackupRecord backup = backups.find(backupId)
                .orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no backup '" + backupId + "'"));
        if (backup.deleted()) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "backup deleted", "backup " + backupId + " was deleted at "
                    + backup.deletedAt() + "; its files are gone");
        }
        if (backup.status() != BackupStatus.SUCCEEDED) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "backup " + backup.status().name().toLowerCase(Locale.ROOT),
                    "backup " + backupId + " is " + backup.status() + (backup.status() == BackupStatus.FAILED
                            ? " (" + backup.error() + "): it holds no complete files to list"
                            : ": list its files once it has succeeded"));
        }
        List<DataSourceSnapshot> snapshots = backups.artifacts(backupId).stream()
                .map(artifact -> new DataSourceSnapshot(artifact.dataSource(), artifact.snapshot())).toList();
        List<DataSourceListing> listings;
        try {
            listings = execution.list(backup.service(), backup.storageTarget(), snapshots, prefix, MAX_ENTRIES);
        } catch (AgentException e) {
            throw new ApiRefusal(HttpStatus.SERVICE_UNAVAILABLE, "listing failed",
                    "the files of backup " + backupId + " cannot be listed: " + e.getMessage(), e);
        }
        List<Entry> files = new ArrayList<>();
        List<Unlisted> unlisted = new ArrayList<>();
        boolean truncated = false;
        for (DataSourceListing listed : listings) {
            for (SnapshotEntry entry : listed.listing().entries()) {
                files.add(new Entry(listed.dataSource(), entry.path(), entry.size(), entry.sha256(), entry.type()));
            }
            truncated |= listed.listing().truncated();
            if (listed.listing().note() != null) {
                unlisted.add(new Unlisted(listed.dataSource(), listed.agent(), listed.listing().note()));
            }
        }
        return new Listing(backupId, backup.service(), files, truncated, unlisted);
    }
}
