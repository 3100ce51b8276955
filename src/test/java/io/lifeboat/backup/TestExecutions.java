package io.lifeboat.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.backup.agent.ServiceNowExportAgent;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CatalogLoader;
import io.lifeboat.storage.S3ObjectStores;
import io.lifeboat.storage.StorageProperties;
import io.lifeboat.storage.StoragePublisher;
import io.lifeboat.storage.StorageTargets;

/** The agents' work without an engine or a database: the real files, restic and servicenow agents on a catalog, a local target. */
public final class TestExecutions {

    private TestExecutions() {
    }

    /** @param storage the {@code local} storage target's directory */
    public static BackupExecution on(Path runbooks, Path storage) {
        StorageProperties targets = new StorageProperties(Map.of("local", new StorageProperties.Target("filesystem", storage)));
        List<BackupAgent> agents = List.of(new FilesAgent(), new ResticAgent("/usr/bin/restic"), new ServiceNowExportAgent());
        Catalog catalog = new CatalogLoader(agents, targets).load(runbooks);
        StorageTargets storageTargets = new StorageTargets(targets, path -> Long.MAX_VALUE);
        StoragePublisher publisher = new StoragePublisher(targets, storageTargets, new S3ObjectStores(targets, Clock.systemUTC()));
        return new BackupExecution(catalog, publisher, new DataSourceAgents(catalog, storageTargets, agents));
    }
}
