package io.lifeboat.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.FileListing;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.storage.ObjectLockedException;
import io.lifeboat.storage.StorageException;
import io.lifeboat.storage.StoragePublisher;

/**
 * Runs the agents of a service's data sources for one backup, and verifies and deletes what they made. It needs no
 * database, so it runs the same inside Lifeboat and in an agent on a data host: what it made travels back to the
 * engine, which records it. On an S3 target the agents write into its local staging directory, and each snapshot's
 * files ({@link BackupAgent#files}) are copied to the bucket right after the agent made it, and removed with it.
 */
@Service
public class BackupExecution {

    private final Catalog catalog;
    private final StoragePublisher publisher;
    private final DataSourceAgents dataSourceAgents;

    public BackupExecution(Catalog catalog, StoragePublisher publisher, DataSourceAgents dataSourceAgents) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.dataSourceAgents = dataSourceAgents;
    }

    /** One data source's snapshot within a backup, as the agent step reports it. */
    public record DataSourceSnapshot(String dataSource, Snapshot snapshot) {
    }

    /** One data source's verification result. */
    public record DataSourceVerification(String dataSource, boolean ok, String detail) {
    }

    /**
     * Backs up every data source of the service, handing each snapshot to {@code made} as soon as it exists, so a
     * failure of a later data source still reports the earlier ones. A repeated run (after a crash, a retry, or a
     * worker whose lock expired) makes no second snapshot: each agent finds its own earlier one by the backup id,
     * and its files are uploaded again under the same keys.
     *
     * @param storageTarget where to write; null means the policy's normal target
     * @param method        what to make; null means the policy's method
     */
    public void backUp(String backupId, String serviceId, String storageTarget, BackupMethod method, ProgressListener progress,
                       Consumer<DataSourceSnapshot> made) throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        String target = DataSourceAgents.target(service, storageTarget);
        BackupMethod asked = method == null ? service.backupPolicy().method() : method;
        for (DataSource dataSource : service.dataSources()) {
            BackupAgent agent = dataSourceAgents.agent(dataSource);
            SourceLocation location = dataSourceAgents.location(service, dataSource, target, asked);
            Snapshot snapshot = agent.backup(backupId, location, progress);
            // reported before the upload: should that fail, the engine still records the staged snapshot to clean up
            made.accept(new DataSourceSnapshot(dataSource.name(), snapshot));
            if (publisher.isS3(target)) {
                publish(target, service.id(), agent.files(location, snapshot));
            }
        }
    }

    /** Verifies the snapshots in order and stops at the first that does not pass; the last result is that one. */
    public List<DataSourceVerification> verify(String serviceId, String storageTarget, List<DataSourceSnapshot> snapshots)
            throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        String target = DataSourceAgents.target(service, storageTarget);
        List<DataSourceVerification> results = new ArrayList<>();
        for (DataSourceSnapshot made : snapshots) {
            DataSource dataSource = DataSourceAgents.dataSource(service, made.dataSource());
            SourceLocation location = dataSourceAgents.location(service, dataSource, target);
            Verification verification = dataSourceAgents.agent(dataSource).verify(location, made.snapshot());
            results.add(new DataSourceVerification(dataSource.name(), verification.ok(), verification.detail()));
            if (!verification.ok()) {
                break;
            }
        }
        return results;
    }

    /**
     * Deletes a backup's snapshots through the agents that made them, where they were written. Agents treat a
     * snapshot that is already gone as deleted, so a repeated call after a crash or a retry does no harm. On an S3
     * target the objects go first, while the staged files still name them, and the staged files only once they are.
     *
     * @param storageTarget where they were written; null means the policy's normal target
     * @throws ObjectLockedException when Object Lock keeps a snapshot's objects: the backup is kept, not failed
     */
    public void delete(String serviceId, String storageTarget, List<DataSourceSnapshot> snapshots) throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        String target = DataSourceAgents.target(service, storageTarget);
        for (DataSourceSnapshot made : snapshots) {
            DataSource dataSource = DataSourceAgents.dataSource(service, made.dataSource());
            BackupAgent agent = dataSourceAgents.agent(dataSource);
            SourceLocation location = dataSourceAgents.location(service, dataSource, target);
            if (publisher.isS3(target)) {
                unpublish(target, service.id(), agent.files(location, made.snapshot()));
            }
            agent.delete(location, made.snapshot());
        }
    }

    /** What one data source's snapshot holds, listed by its agent ({@code agent} as the catalog names it). */
    public record DataSourceListing(String dataSource, String agent, FileListing listing) {
    }

    /**
     * Lists what the snapshots hold, in the order given, through the agents that made them, where they were
     * written: at most {@code limit} entries in all, a data source past the limit listing nothing but truncated.
     *
     * @param storageTarget where they were written; null means the policy's normal target
     */
    public List<DataSourceListing> list(String serviceId, String storageTarget, List<DataSourceSnapshot> snapshots,
                                        String prefix, int limit) throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        String target = DataSourceAgents.target(service, storageTarget);
        List<DataSourceListing> listings = new ArrayList<>();
        int left = limit;
        for (DataSourceSnapshot made : snapshots) {
            DataSource dataSource = DataSourceAgents.dataSource(service, made.dataSource());
            SourceLocation location = dataSourceAgents.location(service, dataSource, target);
            FileListing listing = dataSourceAgents.agent(dataSource).list(location, made.snapshot(), prefix, left);
            listings.add(new DataSourceListing(dataSource.name(), dataSource.agent(), listing));
            left -= listing.entries().size();
        }
        return listings;
    }

    /** A backup's objects in an S3 bucket: its storage target, and the object keys, none on a file system target. */
    public record StoredObjects(String target, List<String> keys) {
    }

    /** Where the agents' files of a backup's snapshots were published ({@link #backUp}). */
    public StoredObjects storedObjects(BackupRecord backup, List<BackupArtifact> artifacts) throws AgentException {
        ServiceDefinition service = catalog.require(backup.service());
        String target = DataSourceAgents.target(service, backup.storageTarget());
        List<String> keys = new ArrayList<>();
        if (publisher.isS3(target)) {
            for (BackupArtifact artifact : artifacts) {
                DataSource dataSource = DataSourceAgents.dataSource(service, artifact.dataSource());
                SourceLocation location = dataSourceAgents.location(service, dataSource, target);
                List<Path> files = dataSourceAgents.agent(dataSource).files(location, artifact.snapshot());
                keys.addAll(publisher.keys(target, service.id(), files));
            }
        }
        return new StoredObjects(target, keys);
    }

    private void publish(String target, String serviceId, List<Path> files) throws AgentException {
        try {
            publisher.publish(target, serviceId, files);
        } catch (StorageException e) {
            throw new AgentException(e.getMessage(), true, e);
        }
    }

    /** Manifest first, as the agents delete: a data object left without it is never taken for a backup. */
    private void unpublish(String target, String serviceId, List<Path> files) throws AgentException {
        List<String> keys = new ArrayList<>(publisher.keys(target, serviceId, files));
        Collections.reverse(keys);
        try {
            publisher.unpublish(target, keys);
        } catch (ObjectLockedException e) {
            throw e;
        } catch (StorageException e) {
            throw new AgentException(e.getMessage(), true, e);
        }
    }
}
