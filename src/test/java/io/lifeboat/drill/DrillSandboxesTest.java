package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.PostgresDatabases;
import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.catalog.ServiceDefinition;

/**
 * Each agent's sandbox as a drill gets it, made and probed for real: directories below the sandbox directory, a
 * database on a real PostgreSQL (the data source's own server, or {@code lifeboat.drill.postgres}), a free port for a
 * pgBackRest cluster.
 */
class DrillSandboxesTest {

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    @TempDir
    Path dir;

    SandboxCatalog catalog;
    Path sandboxDir;

    @BeforeEach
    void catalog() throws Exception {
        catalog = new SandboxCatalog(dir, POSTGRES.port());
        sandboxDir = dir.resolve("drills");
    }

    @Test
    void filesAndResticGoToADirectoryOfTheDrillReadyToBeWritten() throws Exception {
        DrillSandboxes sandboxes = sandboxes(null);

        assertThat(sandboxes.plan(service("ticket-db"), "dr-ticket-db-1"))
                .isEqualTo(Map.of("tickets", Map.of("path", sandboxDir.resolve("dr-ticket-db-1/tickets").toString())));
        assertThat(sandboxes.plan(service("chat"), "dr-chat-1"))
                .isEqualTo(Map.of("exports", Map.of("path", sandboxDir.resolve("dr-chat-1/exports").toString())));

        Path drill = sandboxDir.resolve("dr-ticket-db-1");
        assertThat(drill).isDirectory().isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(drill))).isEqualTo("rwxrwx---");
        Files.writeString(Files.createDirectories(drill.resolve("tickets")).resolve("tickets.csv"), "id\n1\n");
        sandboxes.removeDirectory("dr-ticket-db-1");
        assertThat(drill).doesNotExist();
        sandboxes.removeDirectory("dr-ticket-db-1");
        assertThat(sandboxDir.resolve("dr-chat-1")).isDirectory();
    }

    @Test
    void pgdumpGetsANewDatabaseOnItsOwnServerOrTheDrillServerOnceItAnswers() throws Exception {
        assertThat(sandboxes(null).plan(service("helpdesk"), "dr-helpdesk-20261201.0930"))
                .isEqualTo(Map.of("tickets", Map.of("database", "drill_dr_helpdesk_20261201_0930")));

        DrillProperties.Postgres server = new DrillProperties.Postgres("jdbc:postgresql://localhost:" + POSTGRES.port()
                + "/ignored", null, null, "postgres", null);
        assertThat(sandboxes(server).plan(service("helpdesk"), "dr-helpdesk-2"))
                .isEqualTo(Map.of("tickets", Map.of("database", "drill_dr_helpdesk_2",
                        "server", Map.of("host", "localhost", "port", POSTGRES.port(), "user", "postgres"))));
    }

    @Test
    void aSandboxServerThatIsDownIsRetryableSoTheDrillEndsInconclusive() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        DrillSandboxes sandboxes = sandboxes(new DrillProperties.Postgres(null, "127.0.0.1", closed, null, null));

        assertThatThrownBy(() -> sandboxes.plan(service("helpdesk"), "dr-helpdesk-3"))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageStartingWith("sandbox server down: the PostgreSQL server 127.0.0.1:" + closed
                        + " of the sandbox of data source tickets does not answer: ");
    }

    @Test
    void pgbackrestGetsADataDirectoryOfTheDrillAndAFreePortOfThisHost() throws Exception {
        Map<String, Map<String, Object>> plan = sandboxes(null).plan(service("billing"), "dr-billing-1");

        assertThat(plan.get("cluster")).containsOnlyKeys("dataDirectory", "port")
                .containsEntry("dataDirectory", sandboxDir.resolve("dr-billing-1/cluster").toString());
        int port = (Integer) plan.get("cluster").get("port");
        assertThat(port).isNotEqualTo(5433);
        try (ServerSocket free = new ServerSocket(port)) {
            assertThat(free.getLocalPort()).as("nothing listens there").isEqualTo(port);
        }
        assertThat(sandboxDir.resolve("dr-billing-1")).isDirectory();
    }

    @Test
    void aSandboxTheGuardRefusesLeavesNothingWritten() throws Exception {
        Path insideProduction = catalog.production("demo-data/ticket-db/drills");
        DrillSandboxes sandboxes = new DrillSandboxes(new DrillProperties(insideProduction, null, Duration.ofHours(2),
                Duration.ofDays(30)), new SandboxGuard(catalog.catalog, catalog.agents), catalog.agents);

        assertThatThrownBy(() -> sandboxes.plan(service("ticket-db"), "dr-ticket-db-2"))
                .isInstanceOf(SandboxClashException.class)
                .hasMessageContaining("is inside production path " + catalog.production("demo-data/ticket-db").toRealPath()
                        + " of ticket-db (data source tickets)");
        assertThat(insideProduction).doesNotExist();
    }

    @Test
    void aSandboxDirectoryThatCannotBeWrittenIsRetryable() throws Exception {
        Files.writeString(sandboxDir, "a file where the directory should be");

        assertThatThrownBy(() -> sandboxes(null).plan(service("ticket-db"), "dr-ticket-db-3"))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageStartingWith("the sandbox directory " + sandboxDir.resolve("dr-ticket-db-3") + " cannot be written: ");
    }

    @Test
    void databaseNamesFitPostgresAndTheAgentsSafeNames() {
        String longId = "dr-" + "very-long-service-name-".repeat(4);
        String cut = DrillSandboxes.databaseName(longId + "1", null);
        assertThat(cut).hasSize(63).startsWith("drill_dr_very_long_service_name_").matches("[a-z0-9_]+");
        assertThat(DrillSandboxes.databaseName(longId + "2", null)).as("told apart though cut alike").hasSize(63)
                .isNotEqualTo(cut);
        assertThat(DrillSandboxes.databaseName("dr-crm-1", "Accounts")).isEqualTo("drill_dr_crm_1_accounts");
        assertThatIllegalArgumentException().isThrownBy(() -> sandboxes(null).directory("../production"))
                .withMessageStartingWith("drill id '../production' is no directory name");
    }

    private DrillSandboxes sandboxes(DrillProperties.Postgres postgres) {
        return new DrillSandboxes(new DrillProperties(sandboxDir, postgres, Duration.ofHours(2), Duration.ofDays(30)),
                new SandboxGuard(catalog.catalog, catalog.agents), catalog.agents);
    }

    private ServiceDefinition service(String id) {
        return catalog.catalog.require(id);
    }
}
