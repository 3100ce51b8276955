package io.lifeboat.drill;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.DemoApi;
import io.lifeboat.EmbeddedPostgresConfiguration;
import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.TestRunbooks;
import io.lifeboat.backup.agent.PostgresServer;

import static io.lifeboat.drill.DrillApi.checks;
import static io.lifeboat.drill.DrillApi.damage;
import static io.lifeboat.drill.DrillApi.sandbox;
import static io.lifeboat.drill.DrillApi.teardown;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drills over backups the real tools made, end to end through the API: restic (a knowledge base's files), pg_dump (a
 * CMDB of ServiceNow's shape, and two more databases) of Debian's PostgreSQL 15, and pgBackRest of a cluster archiving
 * its WAL, whose sandbox is a cluster started in the drill's directory as the {@code postgres} user. pgdump sandboxes
 * go to a second PostgreSQL 15 server, {@code lifeboat.drill.postgres}; Lifeboat's own database is an embedded
 * PostgreSQL. Every drill is asserted as its record says it (verdict, reason, each check's evidence, RTO and RPO,
 * teardown) and by what it left: nothing, on disk or on either server.
 */
@FullStackTest
@AutoConfigureObservability
@Import(EmbeddedPostgresConfiguration.class)
class DrillOverToolsTest {

    private static final String STANZA = "helpdesk";
    private static final String PASSWORD_FILE = "secrets/pg.password";
    private static final String SANDBOX_PASSWORD_REF = "${file:secrets/sandbox-pg.password}";
    /** ServiceNow's CMDB: configuration items, their relationships (no foreign key), tickets naming a CI (one). */
    private static final List<String> CMDB = List.of(
            "create table cmdb_ci (sys_id varchar(32) primary key, name text not null, sys_class_name text not null)",
            "create table cmdb_rel_ci (sys_id varchar(32) primary key, parent varchar(32) not null,"
                    + " child varchar(32) not null, type text not null)",
            "create table tickets (number text primary key, short_description text not null, state text not null,"
                    + " cmdb_ci varchar(32) references cmdb_ci (sys_id))",
            "insert into cmdb_ci select 'ci-' || i, 'server ' || i, case when i % 4 = 0 then 'cmdb_ci_database'"
                    + " else 'cmdb_ci_server' end from generate_series(1, 40) i",
            "insert into cmdb_rel_ci select 'rel-' || i, 'ci-' || (1 + i % 40), 'ci-' || (1 + (i * 7) % 40),"
                    + " 'Depends on::Used by' from generate_series(1, 120) i",
            "insert into tickets select 'INC' || lpad(i::text, 7, '0'), 'ticket ' || i, case when i % 4 = 0 then 'open'"
                    + " else 'closed' end, 'ci-' || (1 + i % 40) from generate_series(1, 200) i");
    private static final String HELPDESK_TICKETS = "insert into tickets select i, 1 + i %% 40, 'ticket ' || i"
            + " from generate_series(%d, %d) i";

    /** Production of the pgdump services: databases cmdb, cmdb_legacy (orphaned relationships) and ticket_archive. */
    static PostgresServer production;
    /** Production of the pgBackRest service: database helpdesk, archiving into stanza helpdesk. */
    static PostgresServer archiving;
    /** Where pgdump drills make their databases, lifeboat.drill.postgres. */
    static PostgresServer sandboxServer;
    static Path sandboxDir;

    @Autowired
    TestRestTemplate http;

    private DemoApi api;
    private DrillApi drills;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        TestDataDirectory.register(registry, "drill-tools");
        production = PostgresServer.start(null);
        archiving = PostgresServer.start(STANZA);
        archiving.createStanza();
        sandboxServer = PostgresServer.start(null);
        createDatabases();
        // who connected to which database, to tell on which server a sandbox database was
        for (PostgresServer server : List.of(production, sandboxServer)) {
            execute(server, "postgres", "alter system set log_connections = on", "select pg_reload_conf()");
        }
        Path runbooks = catalog();
        sandboxDir = sandboxDirectory();
        registry.add("lifeboat.runbooks-dir", runbooks::toString);
        registry.add("lifeboat.drill.sandbox-dir", sandboxDir::toString);
        registry.add("lifeboat.drill.postgres.url", () -> "jdbc:postgresql://127.0.0.1:" + sandboxServer.port()
                + "/postgres");
        registry.add("lifeboat.drill.postgres.user", () -> PostgresServer.SUPERUSER);
        registry.add("lifeboat.drill.postgres.password-ref", () -> "\\" + SANDBOX_PASSWORD_REF);
        registry.add("lifeboat.agents.pgdump.bin-dir", PostgresServer.BIN::toString);
        registry.add("lifeboat.agents.pgbackrest.launcher", () -> String.join(" ", PostgresServer.AS_POSTGRES));
        // a sandbox that cannot be used is retried once, quickly, before the drill says inconclusive
        registry.add("lifeboat.worker.attempts", () -> "2");
        registry.add("lifeboat.worker.retry-backoff", () -> "PT0.2S");
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (PostgresServer server : new PostgresServer[] {production, archiving, sandboxServer}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void api() {
        api = new DemoApi(http);
        drills = new DrillApi(http);
    }

    @Test
    void aResticDrillRestoresTheArticlesIntoTheSandboxAndPasses() {
        String backupId = api.backedUp("knowledge-base");

        Map<String, Object> drill = drills.awaitFinished(drills.started("operator", Map.of("service", "knowledge-base")));

        assertPassed(drill, backupId, 2);
        assertThat(sandbox(drill).get("articles")).containsEntry("path", sandboxDir.resolve(drill.get("id") + "/articles")
                .toString());
        assertThat(evidence(drill)).containsEntry("every article", "articles.csv in data source articles has 30 data lines"
                + " (its header line not counted), 30 expected");
        assertThat(evidence(drill).get("the VPN how-to can be found")).contains("VPN");
        assertSandboxGone(drill);
    }

    @Test
    void aPgDumpDrillRestoresTheCmdbOntoTheSandboxServerAndPasses() throws Exception {
        String backupId = api.backedUp("cmdb");
        String snapshot = (String) api.get("operator", "/api/backups/" + backupId).getBody().get("snapshotId");

        Map<String, Object> drill = drills.awaitFinished(drills.started("operator", Map.of("service", "cmdb")));

        assertPassed(drill, backupId, 8);
        assertThat(evidence(drill))
                .containsEntry("every CI", "table cmdb_ci in data source cmdb has 40 rows, 40 recorded of public.cmdb_ci"
                        + " by backup " + snapshot + " when it was made")
                .containsEntry("every relationship", "table cmdb_rel_ci in data source cmdb has 120 rows, 120 recorded of"
                        + " public.cmdb_rel_ci by backup " + snapshot + " when it was made")
                .containsEntry("relationship parents exist", "cmdb_rel_ci.parent -> cmdb_ci.sys_id in data source cmdb: all"
                        + " 120 rows with a parent reference an existing row")
                .containsEntry("open tickets", "'select count(*) from tickets where state = 'open'' in data source cmdb"
                        + " returned '50', '50' expected");
        assertThat(evidence(drill).get("tickets name existing CIs")).contains("tickets");
        assertThat(evidence(drill).get("indexes intact")).contains("B-tree indexes of data source cmdb");

        Map<String, Object> destination = sandbox(drill).get("cmdb");
        String database = (String) destination.get("database");
        assertThat(database).startsWith(DrillSandboxes.DATABASE_PREFIX);
        assertThat(destination.get("server")).isEqualTo(Map.of("host", "127.0.0.1", "port", sandboxServer.port(),
                "user", PostgresServer.SUPERUSER, "passwordRef", SANDBOX_PASSWORD_REF));
        assertThat(sandboxServer.log()).as("restored and checked on the sandbox server")
                .contains("connection authorized: user=postgres database=" + database);
        assertThat(production.log()).as("production never saw the sandbox database").doesNotContain(database);
        assertSandboxGone(drill);
    }

    @Test
    void aPgBackRestDrillStartsTheClusterInTheSandboxAndPasses() {
        String backupId = api.backedUp("helpdesk");

        Map<String, Object> drill = drills.awaitFinished(drills.started("operator", Map.of("service", "helpdesk")));

        assertPassed(drill, backupId, 4);
        Map<String, Object> cluster = sandbox(drill).get("cluster");
        assertThat(cluster).containsEntry("dataDirectory", sandboxDir.resolve(drill.get("id") + "/cluster").toString());
        assertThat((Integer) cluster.get("port")).isNotIn(archiving.port(), production.port(), sandboxServer.port());
        assertThat(evidence(drill)).containsEntry("all 300 tickets", "table tickets in data source cluster has 300 rows,"
                + " 300 expected");
        assertSandboxGone(drill);
    }

    @Test
    void aPointInTimeDrillToBeforeTheTicketsWereDeletedFindsThemAll() throws Exception {
        String backupId = api.backedUp("helpdesk");
        Instant beforeTheDeletion = serverTime(archiving);
        execute(archiving, "helpdesk", "delete from tickets where id > 250");
        archiving.archiveCurrentWal();
        try {
            Map<String, Object> drill = drills.awaitFinished(drills.started("operator", Map.of("service", "helpdesk",
                    "pointInTime", beforeTheDeletion.toString())));

            assertPassed(drill, backupId, 4);
            assertThat(drill).containsEntry("recoveryPoint", "point-in-time");
            assertThat(Instant.parse((String) drill.get("pointInTime"))).isEqualTo(beforeTheDeletion);
            assertThat(Instant.parse((String) drill.get("recoveredTo"))).isEqualTo(beforeTheDeletion);
            assertThat(drill.get("rpoSeconds")).as("recovered to the very moment asked for").isEqualTo(0);
            assertThat(evidence(drill)).as("the tickets as they were before the deletion")
                    .containsEntry("all 300 tickets", "table tickets in data source cluster has 300 rows, 300 expected");
            assertThat(count(archiving, "helpdesk", "tickets")).as("production has lost them").isEqualTo(250);
            assertSandboxGone(drill);
        } finally {
            execute(archiving, "helpdesk", HELPDESK_TICKETS.formatted(251, 300));
        }
    }

    @Test
    void aReferencesDrillFailsNamingTheOrphanedRelationships() {
        String backupId = api.backedUp("cmdb-legacy");

        String id = drills.started("operator", Map.of("service", "cmdb-legacy"));
        Map<String, Object> drill = drills.awaitFinished(id);

        assertThat(drill).as("%s", drill).containsEntry("verdict", "failed").containsEntry("backupId", backupId);
        assertThat((String) drill.get("reason")).isEqualTo("check relationship parents exist failed: cmdb_rel_ci.parent"
                + " -> cmdb_ci.sys_id in data source cmdb: 1 of 122 rows with a parent reference no existing row; the first"
                + " orphans: sys_id=rel-orphan-1 -> parent=ci-retired-1");
        assertThat(evidence(drill)).containsEntry("relationship children exist", "cmdb_rel_ci.child -> cmdb_ci.sys_id in"
                + " data source cmdb: 1 of 122 rows with a child reference no existing row; the first orphans:"
                + " sys_id=rel-orphan-2 -> child=ci-retired-2");
        assertThat(checks(drill)).filteredOn(check -> Boolean.TRUE.equals(check.get("passed")))
                .extracting(check -> check.get("name")).containsExactly("every relationship");
        assertThat(drill.get("rtoSeconds")).as("never recovered: a check failed").isNull();
        assertThat(drills.awaitTask("operator", id)).as("a remediation task for the owner group")
                .containsEntry("taskDefinitionKey", DrillRunbook.Element.RemediateDrill.id());
        assertSandboxGone(drill);
    }

    @Test
    void aNegativeControlOfTheCmdbPassesBecauseTheChecksSawTheDeletedRowsAndTheBrokenReference() {
        api.backedUp("cmdb");

        Map<String, Object> drill = drills.awaitFinished(drills.started("commander", Map.of("service", "cmdb",
                "negativeControl", true)));

        assertThat(drill).as("%s", drill).containsEntry("verdict", "passed").containsEntry("negativeControl", true);
        assertThat((String) drill.get("reason")).startsWith("the checks saw every damage done on purpose: deleted ");
        List<Map<String, Object>> damage = damage(drill);
        assertThat(damage).extracting(done -> done.get("kind"))
                .containsExactly(SandboxDamage.DELETED_ROWS, SandboxDamage.BROKEN_REFERENCE);
        String deletedFrom = (String) damage.get(0).get("object");
        assertThat(damage.get(1)).as("the reference a check declares").containsEntry("object", "cmdb_ci");
        Map<String, String> evidence = evidence(drill);
        assertThat(evidence.get("every CI")).as("the CI deleted to break a reference").endsWith(": 1 missing");
        assertThat(evidence.get("relationship parents exist")).contains("reference no existing row; the first orphans: ");
        assertThat(checks(drill)).as("the rows deleted from " + deletedFrom).anySatisfy(check -> assertThat(check)
                .containsEntry("passed", false).extractingByKey("evidence").asString()
                .startsWith("table " + deletedFrom + " in data source cmdb has ").endsWith(" missing"));
        assertThat(drill.get("rtoSeconds")).as("a negative control measures no recovery").isNull();
        assertThat(drills.drillState("cmdb")).containsEntry("checksSeeLoss", true);
        assertThat(teardown(drill)).containsEntry("succeeded", true);
        assertSandboxGone(drill);
    }

    @Test
    void aNegativeControlFailsWhenTheOnlyCheckCannotSeeLoss() {
        api.backedUp("ticket-archive");

        String id = drills.started("operator", Map.of("service", "ticket-archive", "negativeControl", true));
        Map<String, Object> drill = drills.awaitFinished(id);

        assertThat(drill).as("%s", drill).containsEntry("verdict", "failed").containsEntry("negativeControl", true);
        assertThat((String) drill.get("reason")).isEqualTo("the checks cannot see loss: no check saw that the negative"
                + " control deleted 10 of 100 rows of table tickets in data source archive");
        assertThat(checks(drill)).singleElement().satisfies(check -> assertThat(check).containsEntry("passed", true)
                .containsEntry("evidence", "'select 1' in data source archive returned '1', '1' expected"));
        assertThat(drills.drillState("ticket-archive")).as("flagged").containsEntry("checksSeeLoss", false);
        assertThat(drills.awaitTask("operator", id)).as("a remediation task for the owner group")
                .containsEntry("taskDefinitionKey", DrillRunbook.Element.RemediateDrill.id());
        assertSandboxGone(drill);
    }

    @Test
    void aSandboxServerThatIsDownMakesTheDrillInconclusiveRetriedOnceAndRaisedNeverPassed() throws Exception {
        api.backedUp("ticket-archive");
        sandboxServer.stop();
        try {
            String first = drills.started("operator", Map.of("service", "ticket-archive"));
            Map<String, Object> drill = drills.awaitFinished(first);
            Map<String, Object> retry = drills.awaitFinishedRetryOf("ticket-archive", first);

            for (Map<String, Object> inconclusive : List.of(drill, retry)) {
                assertThat(inconclusive).as("%s", inconclusive).containsEntry("verdict", "inconclusive")
                        .containsEntry("rtoSeconds", null).containsEntry("rpoSeconds", null);
                assertThat((String) inconclusive.get("reason")).startsWith("the sandbox could not be used: PrepareSandbox:"
                        + " sandbox server down: the PostgreSQL server 127.0.0.1:" + sandboxServer.port() + " of the sandbox"
                        + " of data source archive does not answer: ");
                assertThat(teardown(inconclusive)).containsEntry("succeeded", true);
                assertThat(sandboxDir.resolve((String) inconclusive.get("id"))).doesNotExist();
            }
            assertThat(retry).containsEntry("trigger", "retry").containsEntry("retryOf", first);
            assertThat(drills.awaitTask("operator", (String) retry.get("id")))
                    .containsEntry("taskDefinitionKey", DrillRunbook.Element.ReviewInconclusive.id());
            assertThat(drills.list("ticket-archive")).as("never passed, never retried twice")
                    .extracting(one -> one.get("verdict")).doesNotContain("passed")
                    .filteredOn("inconclusive"::equals).hasSize(2);
            assertThat(drills.drillState("ticket-archive").get("state")).isNotEqualTo("verified");
            assertThat(http.withBasicAuth("operator", "operator").getForObject("/actuator/prometheus", String.class))
                    .contains("lifeboat_drills_total{service=\"ticket-archive\",verdict=\"inconclusive\"} 2.0")
                    .doesNotContain("lifeboat_drills_total{service=\"ticket-archive\",verdict=\"passed\"}");
        } finally {
            sandboxServer.startAgain();
        }
    }

    @Test
    void aSandboxTheClustersUserCannotWriteIsInconclusiveNotABackupThatDoesNotRestore() throws Exception {
        api.backedUp("helpdesk");
        GroupPrincipal postgres = Files.readAttributes(sandboxDir, PosixFileAttributes.class).group();
        Files.setAttribute(sandboxDir, "unix:gid", 0);
        try {
            String id = drills.started("operator", Map.of("service", "helpdesk"));
            Map<String, Object> drill = drills.awaitFinished(id);

            assertThat(drill).as("%s", drill).containsEntry("verdict", "inconclusive").containsEntry("restoreId", null);
            assertThat((String) drill.get("reason")).startsWith("the sandbox could not be used: PrepareSandbox: the sandbox"
                    + " of data source cluster cannot be written: the cluster's user (" + String.join(" ",
                    PostgresServer.AS_POSTGRES) + ") cannot create the data directory " + sandboxDir.resolve(id + "/cluster"))
                    .contains("Permission denied");
            assertThat(drills.awaitFinishedRetryOf("helpdesk", id)).containsEntry("verdict", "inconclusive");
            assertThat(teardown(drill)).containsEntry("succeeded", true);
            assertSandboxGone(drill);
        } finally {
            Files.setAttribute(sandboxDir, "posix:group", postgres);
            Files.setAttribute(sandboxDir, "unix:mode", 02770);
        }
    }

    /** Passed with every check, RTO and RPO measured within the objectives, and the sandbox torn down. */
    private static void assertPassed(Map<String, Object> drill, String backupId, int checks) {
        assertThat(drill).as("%s", drill).containsEntry("verdict", "passed").containsEntry("backupId", backupId)
                .containsEntry("negativeControl", false);
        assertThat((String) drill.get("reason")).startsWith("restored, " + checks + " checks passed, RTO ");
        assertThat(checks(drill)).hasSize(checks).allSatisfy(check -> assertThat(check).as("%s", check)
                .containsEntry("passed", true).extractingByKey("evidence").asString().isNotBlank());
        assertThat(((Number) drill.get("rtoSeconds")).longValue()).isNotNegative();
        assertThat(((Number) drill.get("rpoSeconds")).longValue()).isNotNegative();
        assertThat(drill.get("objectives")).isEqualTo(Map.of("rto", "PT4H", "rpo", "PT4H", "rtoMet", true, "rpoMet", true));
        assertThat(teardown(drill)).containsEntry("succeeded", true).containsEntry("detail", "sandbox removed");
    }

    /**
     * Nothing of the sandbox is left: the drill's directory (restored files, a pgBackRest data directory), a sandbox
     * database on either server, a sandbox cluster still listening on its port.
     */
    private static void assertSandboxGone(Map<String, Object> drill) {
        assertThat(sandboxDir.resolve((String) drill.get("id"))).as("the drill's directory").doesNotExist();
        for (PostgresServer server : List.of(sandboxServer, production)) {
            assertThat(databases(server)).noneMatch(name -> name.startsWith(DrillSandboxes.DATABASE_PREFIX));
        }
        for (Map<String, Object> destination : sandbox(drill).values()) {
            if (destination.get("port") instanceof Integer port) {
                try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(free.getLocalPort()).as("the sandbox cluster stopped").isEqualTo(port);
                } catch (IOException e) {
                    throw new AssertionError("the sandbox cluster still listens on port " + port, e);
                }
            }
        }
    }

    /** Each check's evidence by its name. */
    private static Map<String, String> evidence(Map<String, Object> drill) {
        Map<String, String> evidence = new LinkedHashMap<>();
        checks(drill).forEach(check -> evidence.put((String) check.get("name"), (String) check.get("evidence")));
        return evidence;
    }

    private static void createDatabases() throws Exception {
        execute(production, "postgres", "create database cmdb", "create database cmdb_legacy",
                "create database ticket_archive");
        execute(production, "cmdb", CMDB.toArray(String[]::new));
        execute(production, "cmdb_legacy", CMDB.toArray(String[]::new));
        // relationships to CIs that were retired without them, as a CMDB that no foreign key guards gathers
        execute(production, "cmdb_legacy", "insert into cmdb_rel_ci values ('rel-orphan-1', 'ci-retired-1', 'ci-1',"
                + " 'Runs on::Runs'), ('rel-orphan-2', 'ci-2', 'ci-retired-2', 'Runs on::Runs')");
        execute(production, "ticket_archive", "create table tickets (id int primary key, title text not null)",
                "insert into tickets select i, 'closed ticket ' || i from generate_series(1, 100) i");
        execute(archiving, "postgres", "create database helpdesk");
        execute(archiving, "helpdesk", "create table customers (id int primary key, name text not null)",
                "create table tickets (id int primary key, customer_id int not null references customers (id), title text)",
                "insert into customers select i, 'customer ' || i from generate_series(1, 40) i",
                HELPDESK_TICKETS.formatted(1, 300));
    }

    /** One service per agent and database, as {@link SandboxCatalog#entry} writes them. */
    private static Path catalog() throws IOException {
        Path runbooks = TestRunbooks.create("drill-tools");
        Files.writeString(runbooks.resolve(PASSWORD_FILE), PostgresServer.PASSWORD + "\n");
        Files.writeString(runbooks.resolve("secrets/sandbox-pg.password"), PostgresServer.PASSWORD + "\n");
        Path articles = Files.createDirectories(runbooks.resolve("kb/howto"));
        StringBuilder csv = new StringBuilder("id,title\n");
        for (int i = 1; i <= 30; i++) {
            csv.append(i).append(",article ").append(i).append('\n');
        }
        Files.writeString(runbooks.resolve("kb/articles.csv"), csv);
        Files.writeString(articles.resolve("vpn.md"), "# Connecting to the VPN\n\nOpen the VPN client and sign in.\n");
        SandboxCatalog.entry(runbooks, "knowledge-base", "articles", "restic", "incremental", """
                paths: [kb]
                      repository: restic/knowledge-base
                      passwordRef: "${file:secrets/vault-restic.password}\"""", """
                  - name: every article
                    type: rowCount
                    file: articles.csv
                    expected: 30
                  - name: the VPN how-to can be found
                    type: search
                    term: VPN
                    path: howto/*.md""");
        String cmdbChecks = """
                  - name: every relationship
                    type: rowCount
                    table: cmdb_rel_ci
                  - name: relationship parents exist
                    type: references
                    table: cmdb_rel_ci
                    column: parent
                    references: cmdb_ci.sys_id
                  - name: relationship children exist
                    type: references
                    table: cmdb_rel_ci
                    column: child
                    references: cmdb_ci.sys_id""";
        SandboxCatalog.entry(runbooks, "cmdb", "cmdb", "pgdump", "full", pgdump("cmdb"), cmdbChecks + """

                  - name: every CI
                    type: rowCount
                    table: cmdb_ci
                  - name: every ticket
                    type: rowCount
                    table: tickets
                  - name: open tickets
                    type: sql
                    query: select count(*) from tickets where state = 'open'
                    expected: 50
                  - name: tickets name existing CIs
                    type: foreignKeys
                  - name: indexes intact
                    type: amcheck""");
        SandboxCatalog.entry(runbooks, "cmdb-legacy", "cmdb", "pgdump", "full", pgdump("cmdb_legacy"), cmdbChecks);
        SandboxCatalog.entry(runbooks, "ticket-archive", "archive", "pgdump", "full", pgdump("ticket_archive"), """
                  - name: the database answers
                    type: sql
                    query: select 1
                    expected: 1""");
        SandboxCatalog.entry(runbooks, "helpdesk", "cluster", "pgbackrest", "full", """
                stanza: %s
                      configFile: %s
                      user: %s
                      passwordRef: "${file:%s}"
                      database: helpdesk""".formatted(STANZA, archiving.pgbackrestConfig(), PostgresServer.SUPERUSER,
                PASSWORD_FILE), """
                  - name: all 300 tickets
                    type: rowCount
                    table: tickets
                    expected: 300
                  - name: every customer
                    type: sql
                    query: select count(*) from customers
                    expected: 40
                  - name: tickets name existing customers
                    type: foreignKeys
                  - name: indexes intact
                    type: amcheck""");
        return runbooks;
    }

    private static String pgdump(String database) {
        return """
                host: 127.0.0.1
                      port: %d
                      database: %s
                      user: %s
                      passwordRef: "${file:%s}\"""".formatted(production.port(), database, PostgresServer.SUPERUSER,
                PASSWORD_FILE);
    }

    /**
     * A sandbox directory whose drill directories the cluster's user may write into, as DrillProperties asks of a host
     * with pgBackRest: group postgres with the set-group-ID bit, below a directory that user may pass through.
     */
    private static Path sandboxDirectory() throws IOException {
        Path base = Files.createTempDirectory("lifeboat-drill-tools-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path sandboxes = Files.createDirectory(base.resolve("drills"));
        GroupPrincipal postgres = sandboxes.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName(PostgresServer.SUPERUSER);
        Files.setAttribute(sandboxes, "posix:group", postgres);
        Files.setAttribute(sandboxes, "unix:mode", 02770);
        return sandboxes;
    }

    private static void execute(PostgresServer server, String database, String... statements) throws Exception {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> databases(PostgresServer server) {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select datname from pg_database")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new AssertionError("cannot list the databases on port " + server.port(), e);
        }
    }

    private static long count(PostgresServer server, String database, String table) throws Exception {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The server's clock, which a recovery target is compared with. */
    private static Instant serverTime(PostgresServer server) throws Exception {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet now = statement.executeQuery("select clock_timestamp()")) {
            now.next();
            return now.getTimestamp(1).toInstant();
        }
    }
}
