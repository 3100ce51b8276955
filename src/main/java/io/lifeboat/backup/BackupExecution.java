package io.lifeboat.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.lifeboat.backup.agent.AgentException;
import io.lifeboat.backup.agent.BackupAgent;
import io.lifeboat.backup.agent.ProgressListener;
import io.lifeboat.backup.agent.Snapshot;
import io.lifeboat.backup.agent.SourceLocation;
import io.lifeboat.backup.agent.Verification;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.storage.StorageTargets;

/**
 * Runs the agents of a service's data sources for one backup, and verifies and deletes what they made. It needs no
 * database, so it runs the same inside Lifeboat and in an agent on a data host: what it made travels back to the
 * engine, which records it.
 */
@Service
public class BackupExecution {

    private final Catalog catalog;
    private final StorageTargets storage;
    private final Map<String, BackupAgent> agents;

    public BackupExecution(Catalog catalog, StorageTargets storage, List<BackupAgent> agents) {
        this.catalog = catalog;
        this.storage = storage;
        this.agents = agents.stream().collect(Collectors.toMap(BackupAgent::name, Function.identity()));
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
     * worker whose lock expired) makes no second snapshot: each agent finds its own earlier one by the backup id.
     *
     * @param storageTarget where to write; null means the policy's normal target
     */
    public void backUp(String backupId, String serviceId, String storageTarget, ProgressListener progress,
                       Consumer<DataSourceSnapshot> made) throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        for (DataSource dataSource : service.dataSources()) {
            Snapshot snapshot = agent(dataSource).backup(backupId, location(service, dataSource, storageTarget), progress);
            made.accept(new DataSourceSnapshot(dataSource.name(), snapshot));
        }
    }

    /** Verifies the snapshots in order and stops at the first that does not pass; the last result is that one. */
    public List<DataSourceVerification> verify(String serviceId, String storageTarget, List<DataSourceSnapshot> snapshots)
            throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        List<DataSourceVerification> results = new ArrayList<>();
        for (DataSourceSnapshot made : snapshots) {
            DataSource dataSource = dataSource(service, made.dataSource());
            Verification verification = agent(dataSource).verify(location(service, dataSource, storageTarget), made.snapshot());
            results.add(new DataSourceVerification(dataSource.name(), verification.ok(), verification.detail()));
            if (!verification.ok()) {
                break;
            }
        }
        return results;
    }

    /**
     * Deletes every artifact of a backup through the agent that made it, where it was written. Agents treat a
     * snapshot that is already gone as deleted, so a repeated call after a crash or a retry does no harm.
     */
    public void delete(BackupRecord backup, List<BackupArtifact> artifacts) throws AgentException {
        ServiceDefinition service = catalog.require(backup.service());
        for (BackupArtifact artifact : artifacts) {
            DataSource dataSource = dataSource(service, artifact.dataSource());
            agent(dataSource).delete(location(service, dataSource, backup.storageTarget()), artifact.snapshot());
        }
    }

    /** A null target is the policy's normal one: rows from before storage targets were recorded used it. */
    private SourceLocation location(ServiceDefinition service, DataSource dataSource, String storageTarget) {
        String target = storageTarget == null ? service.backupPolicy().storageTarget() : storageTarget;
        return new SourceLocation(service.id(), dataSource.name(), dataSource.settings(), catalog.runbooksDir(),
                storage.serviceRoot(target, service.id()), service.backupPolicy().method());
    }

    private BackupAgent agent(DataSource dataSource) {
        BackupAgent agent = agents.get(dataSource.agent());
        if (agent == null) {
            throw new IllegalStateException("no agent '" + dataSource.agent() + "'; available: " + agents.keySet());
        }
        return agent;
    }

    private static DataSource dataSource(ServiceDefinition service, String name) {
        return service.dataSources().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(service.id() + " no longer has data source '" + name + "'"));
    }
}
