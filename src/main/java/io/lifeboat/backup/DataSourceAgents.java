package io.lifeboat.backup;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.storage.StorageTargets;

/** A catalog data source's agent and where it works: what every step that runs an agent (backup, restore) starts from. */
@Component
public class DataSourceAgents {

    private final Catalog catalog;
    private final StorageTargets storage;
    private final Map<String, BackupAgent> agents;

    public DataSourceAgents(Catalog catalog, StorageTargets storage, List<BackupAgent> agents) {
        this.catalog = catalog;
        this.storage = storage;
        this.agents = agents.stream().collect(Collectors.toMap(BackupAgent::name, Function.identity()));
    }

    /** A null target is the policy's normal one: rows from before storage targets were recorded used it. */
    public static String target(ServiceDefinition service, String storageTarget) {
        return storageTarget == null ? service.backupPolicy().storageTarget() : storageTarget;
    }

    /** For verifying, listing, restoring and deleting snapshots, where the backup method plays no part. */
    public SourceLocation location(ServiceDefinition service, DataSource dataSource, String target) {
        return location(service, dataSource, target, service.backupPolicy().method());
    }

    public SourceLocation location(ServiceDefinition service, DataSource dataSource, String target, BackupMethod method) {
        return new SourceLocation(service.id(), dataSource.name(), dataSource.settings(), catalog.runbooksDir(),
                storage.serviceRoot(target, service.id()), method);
    }

    public BackupAgent agent(DataSource dataSource) {
        BackupAgent agent = agents.get(dataSource.agent());
        if (agent == null) {
            throw new IllegalStateException("no agent '" + dataSource.agent() + "'; available: " + agents.keySet());
        }
        return agent;
    }

    public static DataSource dataSource(ServiceDefinition service, String name) {
        return service.dataSources().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(service.id() + " no longer has data source '" + name + "'"));
    }
}
