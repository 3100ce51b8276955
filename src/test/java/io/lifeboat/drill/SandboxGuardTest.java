package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.AgentException;

/**
 * The guard against a sandbox that would touch production, over a catalog of every agent whose production locations
 * the real agents read from their settings and pgBackRest's configuration.
 */
class SandboxGuardTest {

    @TempDir
    Path dir;

    SandboxCatalog catalog;
    SandboxGuard guard;
    Path drillDirectory;
    Path runbooks;

    @BeforeEach
    void catalog() throws Exception {
        catalog = new SandboxCatalog(dir, 5432);
        guard = new SandboxGuard(catalog.catalog, catalog.agents);
        drillDirectory = dir.resolve("sandbox/dr-1");
        runbooks = catalog.runbooks.toRealPath();
    }

    @Test
    void aSandboxInsideEqualToOrContainingAProductionPathIsRefusedNamingBothSides() throws Exception {
        Path tickets = runbooks.resolve("demo-data/ticket-db");
        assertThat(clashes("ticket-db", Map.of("tickets", Map.of("path", tickets.resolve("restored").toString()))))
                .containsExactly("sandbox " + tickets.resolve("restored") + " is inside production path " + tickets
                        + " of ticket-db (data source tickets)");
        assertThat(clashes("ticket-db", Map.of("tickets", Map.of("path", runbooks.resolve("demo-data").toString()))))
                .containsExactly("sandbox " + runbooks.resolve("demo-data") + " contains production path " + tickets
                        + " of ticket-db (data source tickets)");

        Files.createSymbolicLink(runbooks.resolve("alias"), runbooks.resolve("demo-data"));
        assertThat(clashes("ticket-db", Map.of("tickets", Map.of("path", runbooks.resolve("x/../alias/ticket-db").toString()))))
                .as("the same directory through a symbolic link and ..")
                .containsExactly("sandbox " + tickets + " is production path " + tickets + " of ticket-db (data source tickets)");

        assertThat(clashes("chat", Map.of("exports", Map.of("path", "repos/chat/restored"))))
                .as("a path relative to the runbooks directory, inside restic's local repository")
                .containsExactly("sandbox " + runbooks.resolve("repos/chat/restored") + " is inside production path "
                        + runbooks.resolve("repos/chat") + " of chat (data source exports)");
        assertThat(clashes("billing", Map.of("cluster", Map.of("dataDirectory", runbooks.resolve("pg").toString(),
                "port", 6543)))).as("pgBackRest's data directory, from its configuration")
                .containsExactly("sandbox " + runbooks.resolve("pg") + " contains production path " + runbooks.resolve("pg/billing")
                        + " of billing (data source cluster)");
        assertThat(clashes("billing", Map.of("cluster", Map.of("dataDirectory",
                runbooks.resolve("pgbackrest-repo/restore").toString(), "port", 6543))))
                .containsExactly("sandbox " + runbooks.resolve("pgbackrest-repo/restore") + " is inside production path "
                        + runbooks.resolve("pgbackrest-repo") + " of billing (data source cluster)");
    }

    @Test
    void aDrillDirectoryHoldingProductionIsRefusedThoughItsDataSourcesWouldNotBe() throws Exception {
        Path tickets = runbooks.resolve("demo-data/ticket-db");
        assertThatThrownBy(() -> guard.check(catalog.catalog.require("ticket-db"), runbooks.resolve("demo-data"),
                Map.of("tickets", Map.of("path", runbooks.resolve("demo-data/copy").toString()))))
                .isInstanceOf(SandboxClashException.class)
                .hasMessage("refused the sandbox of ticket-db: sandbox directory " + runbooks.resolve("demo-data")
                        + " contains production path " + tickets + " of ticket-db (data source tickets)");
    }

    @Test
    void aSandboxDatabaseThatIsAProductionOneOnTheSameServerIsRefused() throws Exception {
        assertThat(clashes("helpdesk", Map.of("tickets", Map.of("database", "helpdesk"))))
                .as("beside production, on the data source's own server")
                .containsExactly("sandbox database helpdesk on 127.0.0.1:5432 is production database helpdesk on"
                        + " 127.0.0.1:5432 of helpdesk (data source tickets)");
        assertThat(clashes("helpdesk", Map.of("tickets", Map.of("database", "helpdesk",
                "server", Map.of("host", "LOCALHOST", "port", 5432)))))
                .as("localhost is 127.0.0.1").containsExactly("sandbox database helpdesk on LOCALHOST:5432 is production"
                        + " database helpdesk on 127.0.0.1:5432 of helpdesk (data source tickets)");
        assertThat(clashes("helpdesk", Map.of("tickets", Map.of("database", "helpdesk",
                "server", Map.of("host", "localhost", "port", 6543))))).as("another server").isEmpty();
        assertThat(clashes("helpdesk", Map.of("tickets", Map.of("database", "drill_dr_1")))).isEmpty();
    }

    @Test
    void aSandboxClusterOnAProductionServersPortOfThisHostIsRefused() throws Exception {
        Path sandbox = drillDirectory.resolve("cluster");
        assertThat(clashes("billing", Map.of("cluster", Map.of("dataDirectory", sandbox.toString(), "port", 5433))))
                .containsExactly("sandbox cluster port 5433 on this host is the port of production server localhost:5433"
                        + " of billing (data source cluster)");
        assertThat(clashes("billing", Map.of("cluster", Map.of("dataDirectory", sandbox.toString(), "port", 5432))))
                .containsExactly("sandbox cluster port 5432 on this host is the port of production server 127.0.0.1:5432"
                        + " of helpdesk (data source tickets)");
    }

    @Test
    void sandboxesBesideProductionPassForEveryAgent() throws Exception {
        assertThat(clashes("ticket-db", Map.of("tickets", Map.of("path", drillDirectory.resolve("tickets").toString()))))
                .isEmpty();
        assertThat(clashes("chat", Map.of("exports", Map.of("path", drillDirectory.resolve("exports").toString())))).isEmpty();
        assertThat(clashes("helpdesk", Map.of("tickets", Map.of("database", "drill_dr_1",
                "server", Map.of("host", "127.0.0.1", "port", 5432))))).isEmpty();
        assertThat(clashes("archive", Map.of("cluster", Map.of("dataDirectory", drillDirectory.resolve("cluster").toString(),
                "port", 6543)))).as("a stanza whose configuration is not on this host has nothing here").isEmpty();
        assertThat(clashes("billing", Map.of("cluster", Map.of("dataDirectory", "/offsite/cluster", "port", 6543))))
                .as("an S3 repository's path is no directory of this host").isEmpty();
    }

    private List<String> clashes(String service, Map<String, Map<String, Object>> destinations) throws AgentException {
        try {
            guard.check(catalog.catalog.require(service), drillDirectory, destinations);
            return List.of();
        } catch (SandboxClashException e) {
            assertThat(e.isRetryable()).isFalse();
            return e.clashes();
        }
    }
}
