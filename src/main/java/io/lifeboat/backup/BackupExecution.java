package io.lifeboat.backup;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.lifeboat.backup.agent.AgentException;
import io.lifeboat.backup.agent.BackupAgent;
import io.lifeboat.backup.agent.ProgressListener;
import io.lifeboat.backup.agent.SourceLocation;
import io.lifeboat.backup.agent.Verification;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.storage.StorageTargets;

/** Runs the agents of a service's data sources for one backup, and verifies what they made. */
@Service
public class BackupExecution {

    private final Catalog catalog;
    private final StorageTargets storage;
    private final BackupRepository backups;
    private final Map<String, BackupAgent> agents;

    public BackupExecution(Catalog catalog, StorageTargets storage, BackupRepository backups, List<BackupAgent> agents) {
        this.catalog = catalog;
        this.storage = storage;
        this.backups = backups;
        this.agents = agents.stream().collect(Collectors.toMap(BackupAgent::name, Function.identity()));
    }

    /**
     * Backs up every data source that has no artifact yet, so a repeated run (after a crash or a retry) redoes only
     * what is missing; each agent in turn finds its own earlier snapshot by the backup id.
     */
    public void backUp(String backupId, String serviceId, ProgressListener progress) throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        String target = storageTarget(backupId, service);
        Set<String> done = backups.artifacts(backupId).stream().map(BackupArtifact::dataSource).collect(Collectors.toSet());
        for (DataSource dataSource : service.dataSources()) {
            if (!done.contains(dataSource.name())) {
                var snapshot = agent(dataSource).backup(backupId, location(service, dataSource, target), progress);
                backups.saveArtifact(backupId, dataSource.name(), snapshot);
            }
        }
    }

    /** Verifies every artifact and records each result; fails on the first that does not pass. */
    public Verification verify(String backupId, String serviceId) throws AgentException {
        ServiceDefinition service = catalog.require(serviceId);
        String target = storageTarget(backupId, service);
        StringBuilder details = new StringBuilder();
        for (BackupArtifact artifact : backups.artifacts(backupId)) {
            DataSource dataSource = dataSource(service, artifact.dataSource());
            Verification verification = agent(dataSource).verify(location(service, dataSource, target), artifact.snapshot());
            backups.recordVerification(backupId, dataSource.name(), verification.ok(), verification.detail());
            if (!verification.ok()) {
                return Verification.failed(dataSource.name() + ": " + verification.detail());
            }
            details.append(details.isEmpty() ? "" : "; ").append(dataSource.name()).append(": ").append(verification.detail());
        }
        return Verification.passed(details.toString());
    }

    /**
     * Deletes every artifact of a backup through the agent that made it, where it was written. Agents treat a
     * snapshot that is already gone as deleted, so a repeated call after a crash or a retry does no harm.
     */
    public void delete(String backupId) throws AgentException {
        BackupRecord backup = backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup record " + backupId));
        ServiceDefinition service = catalog.require(backup.service());
        String target = storageTarget(backupId, service);
        for (BackupArtifact artifact : backups.artifacts(backupId)) {
            DataSource dataSource = dataSource(service, artifact.dataSource());
            agent(dataSource).delete(location(service, dataSource, target), artifact.snapshot());
        }
    }

    /** Where the backup was written; rows from before storage targets were recorded used the policy's normal one. */
    private String storageTarget(String backupId, ServiceDefinition service) {
        return backups.find(backupId).map(BackupRecord::storageTarget).orElse(service.backupPolicy().storageTarget());
    }

    private SourceLocation location(ServiceDefinition service, DataSource dataSource, String storageTarget) {
        return new SourceLocation(service.id(), dataSource.name(), dataSource.settings(), catalog.runbooksDir(),
                storage.serviceRoot(storageTarget, service.id()), service.backupPolicy().method());
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
