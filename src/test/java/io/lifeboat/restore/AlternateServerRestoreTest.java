package io.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.lifeboat.PostgresDatabases;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.PgDumpAgent;
import io.lifeboat.backup.agent.PostgresServer;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CatalogLoader;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Planned;
import io.lifeboat.restore.RestoreJson.Restored;
import io.lifeboat.storage.StorageProperties;
import io.lifeboat.storage.StorageTargets;

/**
 * An alternate pgdump restore onto another server than the data source's: a real pg_dump backup of a PostgreSQL 15
 * server (Debian's, as pg_dump 15 needs) restored into a second server (Zonky's embedded one) as a role only that
 * server has, through every step the restore runbook runs: restore, verify, checks, discard; beside it the service's
 * files, restored and discarded by the real files agent.
 */
class AlternateServerRestoreTest {

    @RegisterExtension
    static final PostgresDatabases SANDBOX = new PostgresDatabases();

    private static final String SANDBOX_ROLE = "sandbox_owner";

    @TempDir
    static Path dir;

    static PostgresServer production;
    static ServiceDefinition helpdesk;
    static RestoreExecution execution;
    static RestoredCopies copies;
    static RestoredDataCheckRunner checks;
    static Snapshot snapshot;
    static Snapshot attachments;
    /** When the backup read the data, which the restored data may not be newer than. */
    static Instant capturedAt;
    static JdbcTemplate sandbox;

    @BeforeAll
    static void backUpTheHelpdeskDatabase() throws Exception {
        production = PostgresServer.start(null);
        try (Connection admin = production.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("create database helpdesk");
        }
        try (Connection db = production.connect("helpdesk"); Statement statement = db.createStatement()) {
            statement.execute("create table tickets (id int primary key, title text)");
            statement.execute("insert into tickets select i, 'ticket ' || i from generate_series(1, 40) i");
        }
        DataSource other = SANDBOX.fresh("other");
        sandbox = new JdbcTemplate(other);
        sandbox.execute("create role " + SANDBOX_ROLE + " login createdb");

        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Files.writeString(Files.createDirectories(runbooks.resolve("secrets")).resolve("pg.pw"), PostgresServer.PASSWORD + "\n");
        Files.writeString(Files.createDirectories(runbooks.resolve("services")).resolve("helpdesk.yaml"), """
                id: helpdesk
                name: Helpdesk
                tier: 2
                ownerGroup: operators
                rto: PT4H
                rpo: PT4H
                mtd: P1D
                dataSources:
                  - name: tickets
                    agent: pgdump
                    settings:
                      host: 127.0.0.1
                      port: %d
                      database: helpdesk
                      user: postgres
                      passwordRef: ${file:secrets/pg.pw}
                      globals: false
                  - name: attachments
                    agent: files
                    settings:
                      path: attachments
                backupPolicy:
                  schedule: "0 0 * * * *"
                  method: full
                  storageTarget: local
                drillChecks:
                  - type: rowCount
                    name: all tickets
                    table: tickets
                    expected: 40
                """.formatted(production.port()));
        StorageProperties storage = new StorageProperties(Map.of("local",
                new StorageProperties.Target("filesystem", dir.resolve("storage"))));
        Files.writeString(Files.createDirectories(runbooks.resolve("attachments")).resolve("scan-1.pdf"), "%PDF-1.4 a scan");
        List<BackupAgent> agents = List.of(new PgDumpAgent(PostgresServer.BIN.toString()), new FilesAgent());
        Catalog catalog = new CatalogLoader(agents, storage).load(runbooks);
        DataSourceAgents dataSourceAgents = new DataSourceAgents(catalog, new StorageTargets(storage, path -> Long.MAX_VALUE),
                agents);
        execution = new RestoreExecution(catalog, dataSourceAgents);
        copies = new RestoredCopies(execution);
        checks = new RestoredDataCheckRunner(catalog, copies, new RestoredDataChecks(Duration.ofMinutes(1)));
        helpdesk = catalog.require("helpdesk");
        snapshot = agents.get(0).backup("bk-1", dataSourceAgents.location(helpdesk, helpdesk.dataSources().get(0), "local"),
                ProgressListener.NONE);
        attachments = agents.get(1).backup("bk-1", dataSourceAgents.location(helpdesk, helpdesk.dataSources().get(1), "local"),
                ProgressListener.NONE);
        capturedAt = Instant.now();
    }

    @AfterAll
    static void stopProduction() throws Exception {
        if (production != null) {
            production.close();
        }
    }

    @Test
    void everyStepOfTheRestoreTalksToTheOtherServerAndDiscardDropsTheCopyThere() throws Exception {
        Map<String, Object> server = Map.of("host", "localhost", "port", SANDBOX.port(), "user", SANDBOX_ROLE);
        Path files = dir.resolve("copies/attachments");
        Plan plan = new Plan("rs-other", RestoreMode.ALTERNATE, List.of(), null, capturedAt, List.of(
                new Planned("tickets", snapshot, Map.of("database", "helpdesk_copy", "server", server)),
                new Planned("attachments", attachments, Map.of("path", files.toString()))), List.of(), true);

        List<Restored> restored = new ArrayList<>();
        execution.restore("helpdesk", null, plan, ProgressListener.NONE, restored::add);

        assertThat(sandbox.queryForList("select pg_get_userbyid(datdba) from pg_database where datname = 'helpdesk_copy'",
                String.class)).as("made on the other server, by the role only it has").containsExactly(SANDBOX_ROLE);
        assertThat(productionDatabases()).doesNotContain("helpdesk_copy");
        assertThat(files.resolve("scan-1.pdf")).hasContent("%PDF-1.4 a scan");
        Verification verification = execution.verify("helpdesk", null, plan, restored);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).contains("database helpdesk_copy hold the rows counted at backup time (40 rows)",
                "attachments: ");
        assertThat(checks.run("helpdesk", null, plan, restored)).singleElement().satisfies(check -> {
            assertThat(check.passed()).as(check.evidence()).isTrue();
            assertThat(check.evidence()).isEqualTo("table tickets in data source tickets has 40 rows, 40 expected");
        });
        assertThat(checks.run("helpdesk", null, plan("rs-other", plan.sources().get(0).destination(), false), restored))
                .as("a drill's restore runs no checks of its own").isEmpty();

        RestoredCopy copy = new RestoredCopy("helpdesk", null, RestoreJson.of(plan), RestoreJson.of(restored));
        assertThat(copies.sources(copy)).hasSize(2).first().satisfies(source -> {
            assertThat(source.data().location()).isEqualTo("helpdesk_copy");
            assertThat(source.source().settings()).containsEntry("host", "localhost").containsEntry("port", SANDBOX.port())
                    .containsEntry("user", SANDBOX_ROLE).containsEntry("database", "postgres");
        });
        copies.discard(copy);
        assertThat(sandbox.queryForList("select datname from pg_database", String.class)).doesNotContain("helpdesk_copy");
        assertThat(productionDatabases()).contains("helpdesk");
        try (Stream<Path> left = Files.list(files.getParent())) {
            assertThat(left).as("the files and their restore's marker are gone").isEmpty();
        }
        assertThat(dir.resolve("runbooks/attachments/scan-1.pdf")).exists();
        copies.discard(copy);
    }

    @Test
    void withoutAServerTheCopyIsMadeBesideProductionOnItsOwnServer() throws Exception {
        Plan plan = plan("rs-beside", Map.of("database", "helpdesk_beside"), null);
        List<Restored> restored = new ArrayList<>();
        execution.restore("helpdesk", null, plan, ProgressListener.NONE, restored::add);
        assertThat(productionDatabases()).contains("helpdesk_beside", "helpdesk");
        assertThat(checks.run("helpdesk", null, plan, restored)).as("a plan from before runChecks runs them")
                .singleElement().satisfies(check -> assertThat(check.passed()).as(check.evidence()).isTrue());

        copies.discard(new RestoredCopy("helpdesk", null, RestoreJson.of(plan), RestoreJson.of(restored)));

        assertThat(productionDatabases()).doesNotContain("helpdesk_beside").contains("helpdesk");
    }

    @Test
    void anInPlaceRestoresDataIsNeverDiscardedAsACopy() {
        Plan inPlace = new Plan("rs-in-place", RestoreMode.IN_PLACE, List.of(), null, Instant.EPOCH,
                List.of(new Planned("tickets", snapshot, Map.of())), List.of(), true);
        RestoredCopy copy = new RestoredCopy("helpdesk", null, RestoreJson.of(inPlace), null);
        assertThatIllegalArgumentException().isThrownBy(() -> copies.discard(copy))
                .withMessage("restore rs-in-place of helpdesk was in-place: only an alternate restore's copy is discarded as a whole");
    }

    @Test
    void aServerIsRefusedNamingEachBadField() {
        assertThat(AlternateServer.problems("target.dataSources.tickets.server", Map.of("port", 70000, "user", "",
                "passwordRef", "hunter2", "database", "x"))).containsExactly(
                "target.dataSources.tickets.server.database: not a server field; known: host, port, user, passwordRef",
                "target.dataSources.tickets.server.host: required, a non-empty string",
                "target.dataSources.tickets.server.port: a port number",
                "target.dataSources.tickets.server.user: a non-empty string",
                "target.dataSources.tickets.server.passwordRef: not a secret reference; use ${env:NAME} or ${file:/path/to/file}");
        assertThat(AlternateServer.problems("server", "db.example.com"))
                .containsExactly("server: an object {host, port, user, passwordRef} (host required)");
        assertThat(AlternateServer.problems("server", Map.of("host", "db.example.com", "passwordRef", "${env:PG_PASSWORD}")))
                .isEmpty();
        SourceLocation own = new SourceLocation("helpdesk", "tickets", Map.of("host", "db"), dir, dir, BackupMethod.FULL);
        assertThat(AlternateServer.locate(own, Map.of("database", "copy"))).isSameAs(own);
    }

    private static Plan plan(String restoreId, Map<String, Object> destination, Boolean runChecks) {
        return new Plan(restoreId, RestoreMode.ALTERNATE, List.of(), null, capturedAt,
                List.of(new Planned("tickets", snapshot, destination)), List.of(), runChecks);
    }

    private static List<String> productionDatabases() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection admin = production.connect("postgres"); Statement statement = admin.createStatement();
             var rows = statement.executeQuery("select datname from pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
