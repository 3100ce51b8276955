package io.lifeboat.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.lifeboat.TestRunbooks;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.PgBackRestAgent;
import io.lifeboat.backup.agent.PgDumpAgent;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CatalogLoader;
import io.lifeboat.storage.StorageProperties;
import io.lifeboat.storage.StorageTargets;

/**
 * A catalog of one service per agent, loaded with the real agents, whose production lies in a test's directory:
 * {@code ticket-db} (files, {@code demo-data/ticket-db}), {@code chat} (restic, {@code chat/exports}, repository
 * {@code repos/chat}), {@code helpdesk} (pgdump, database {@code helpdesk} on 127.0.0.1 at a port the test gives) and
 * {@code billing} (pgbackrest, whose configuration names data directory {@code pg/billing} on port 5433 and repository
 * {@code pgbackrest-repo}), and {@code archive} (pgbackrest, whose configuration is not on this host).
 */
final class SandboxCatalog {

    final Path runbooks;
    final Catalog catalog;
    final DataSourceAgents agents;

    SandboxCatalog(Path dir, int helpdeskPort) throws IOException {
        runbooks = TestRunbooks.create("drill-sandbox");
        Files.createDirectories(runbooks.resolve("demo-data/ticket-db"));
        Files.createDirectories(runbooks.resolve("chat/exports"));
        Files.writeString(runbooks.resolve("pgbackrest.conf"), """
                [global]
                repo1-path=%1$s/pgbackrest-repo
                repo2-type=s3
                repo2-path=/offsite

                [billing]
                pg1-path=%1$s/pg/billing
                pg1-port=5433
                """.formatted(runbooks));
        service("ticket-db", "tickets", "files", "path: demo-data/ticket-db");
        service("chat", "exports", "restic", """
                paths: [chat/exports]
                      repository: repos/chat
                      passwordRef: ${file:secrets/vault-restic.password}""");
        service("helpdesk", "tickets", "pgdump", """
                host: 127.0.0.1
                      port: %d
                      database: helpdesk
                      user: postgres""".formatted(helpdeskPort));
        service("billing", "cluster", "pgbackrest", "stanza: billing\n      configFile: pgbackrest.conf");
        service("archive", "cluster", "pgbackrest", "stanza: archive\n      configFile: elsewhere/pgbackrest.conf");
        StorageProperties storage = new StorageProperties(Map.of("local",
                new StorageProperties.Target("filesystem", dir.resolve("storage"))));
        List<BackupAgent> real = List.of(new FilesAgent(), new ResticAgent("/usr/bin/restic"), new PgDumpAgent("/usr/bin"),
                new PgBackRestAgent("/usr/bin/pgbackrest", "", "/usr/lib/postgresql/{version}/bin", path -> Long.MAX_VALUE));
        catalog = new CatalogLoader(real, storage).load(runbooks);
        agents = new DataSourceAgents(catalog, new StorageTargets(storage, path -> Long.MAX_VALUE), real);
    }

    private void service(String id, String dataSource, String agent, String settings) throws IOException {
        entry(runbooks, id, dataSource, agent, "restic".equals(agent) ? "incremental" : "full", settings, null);
    }

    /**
     * Writes the catalog entry of a tier-2 service owned by operators (RTO and RPO 4 hours) with one data source,
     * backed up hourly to {@code local}.
     *
     * @param settings    the data source's settings, the lines after the first indented by six spaces
     * @param drillChecks the {@code drillChecks} list, or null for none
     */
    static void entry(Path runbooks, String id, String dataSource, String agent, String method, String settings,
                      String drillChecks) throws IOException {
        Files.writeString(runbooks.resolve("services/" + id + ".yaml"), """
                id: %s
                name: %1$s
                tier: 2
                ownerGroup: operators
                rto: PT4H
                rpo: PT4H
                mtd: P1D
                dataSources:
                  - name: %s
                    agent: %s
                    settings:
                      %s
                backupPolicy:
                  schedule: "0 0 * * * *"
                  method: %s
                  storageTarget: local
                """.formatted(id, dataSource, agent, settings, method)
                + (drillChecks == null ? "" : "drillChecks:\n" + drillChecks + "\n"));
    }

    Path production(String path) {
        return runbooks.resolve(path);
    }
}
