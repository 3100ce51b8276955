package io.lifeboat.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.lifeboat.PostgresDatabases;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.catalog.FakeAgents;

/** SQL checks on a restored database, a real PostgreSQL one, reached through its agent's connect. */
class RestoredDatabaseChecksTest {

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    static final DrillCheck TICKETS = new DrillCheck(DrillCheck.ROW_COUNT, Map.of("table", "tickets", "expected", 200));
    static final DrillCheck OPEN_TICKETS = new DrillCheck(DrillCheck.SQL,
            Map.of("name", "open tickets", "query", "select count(*) from tickets where status = 'open'", "expected", 80));
    static final DrillCheck CUSTOMERS_EXIST = new DrillCheck(DrillCheck.REFERENTIAL_INTEGRITY,
            Map.of("table", "tickets", "column", "customer_id", "references", "public.customers.id"));

    @TempDir
    Path dir;

    final RestoredDataChecks checks = new RestoredDataChecks(Duration.ofMinutes(1));
    DataSource database;
    JdbcTemplate jdbc;
    RestoredSource restored;

    @BeforeEach
    void restoredTicketDatabase() {
        database = POSTGRES.fresh("tickets_restored");
        jdbc = new JdbcTemplate(database);
        // no foreign key: a restore that lost rows leaves orphans that no constraint caught, which is what the check finds
        jdbc.execute("create table customers (id int primary key, name text not null)");
        jdbc.execute("create table tickets (id int primary key, customer_id int, status text not null)");
        jdbc.execute("insert into customers select i, 'customer ' || i from generate_series(1, 50) i");
        jdbc.execute("insert into tickets select i, 1 + i % 50, case when i % 5 < 2 then 'open' else 'closed' end"
                + " from generate_series(1, 200) i");
        restored = restoredDatabase("tickets-db", FakeAgents.database("pgdump", database));
    }

    private RestoredSource restoredDatabase(String dataSource, BackupAgent agent) {
        SourceLocation source = new SourceLocation("ticket-db", dataSource, Map.of(), dir, dir, BackupMethod.FULL);
        return new RestoredSource(agent, source, new Snapshot(agent.name(), "bk-1", 0, 0, "", BackupMethod.FULL),
                new RestoredData("tickets_restored", null, null, null), List.of());
    }

    private List<CheckResult> run(DrillCheck... drillChecks) {
        return checks.run(List.of(drillChecks), List.of(restored));
    }

    @Test
    void theChecksPassOnGoodData() {
        List<CheckResult> results = run(TICKETS, OPEN_TICKETS, CUSTOMERS_EXIST,
                new DrillCheck(DrillCheck.SQL, Map.of("query", "select bool_and(id > 0) from tickets", "expected", true)));

        assertThat(results).allSatisfy(result -> assertThat(result.passed()).as(result.evidence()).isTrue());
        assertThat(results).extracting(CheckResult::name).containsExactly("rowCount tickets", "open tickets",
                "referentialIntegrity tickets.customer_id -> public.customers.id", "sql select bool_and(id > 0) from tickets");
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "table tickets in data source tickets-db has 200 rows, 200 expected",
                "'select count(*) from tickets where status = 'open'' in data source tickets-db returned '80', '80' expected",
                "tickets.customer_id -> public.customers.id in data source tickets-db: all 200 rows with a customer_id"
                        + " reference an existing row",
                "'select bool_and(id > 0) from tickets' in data source tickets-db returned 'true', 'true' expected");
    }

    @Test
    void aDeletedRowFailsTheCountsNamingWhatWasFound() {
        jdbc.update("delete from tickets where id = 1");

        List<CheckResult> results = run(TICKETS, OPEN_TICKETS);

        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "table tickets in data source tickets-db has 199 rows, 200 expected: 1 missing",
                "'select count(*) from tickets where status = 'open'' in data source tickets-db returned '79', '80' expected");
    }

    @Test
    void anOrphanReferenceFailsNamingTheFirstTwentyOrphanValues() {
        jdbc.update("delete from customers where id between 11 and 35");

        CheckResult result = run(CUSTOMERS_EXIST).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).isEqualTo("tickets.customer_id -> public.customers.id in data source tickets-db: 100 rows"
                + " reference no existing row; the first orphan values: 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,"
                + " 25, 26, 27, 28, 29, 30");
    }

    @Test
    void anInjectionThroughATableOrColumnNameIsRefusedAndRunsNothing() {
        List<CheckResult> results = run(
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("table", "tickets; drop table customers", "expected", 200)),
                new DrillCheck(DrillCheck.REFERENTIAL_INTEGRITY, Map.of("table", "tickets", "column",
                        "customer_id\" is null or 1=1; drop table customers; --", "references", "customers.id")),
                new DrillCheck(DrillCheck.REFERENTIAL_INTEGRITY,
                        Map.of("table", "tickets", "column", "customer_id", "references", "customers.id)--")));

        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "table 'tickets; drop table customers' refused: not a name of the form table or schema.table made of"
                        + " letters, digits and _",
                "column 'customer_id\" is null or 1=1; drop table customers; --' refused: not a name of the form column made"
                        + " of letters, digits and _",
                "references 'customers.id)--' refused: not a name of the form table.column or schema.table.column made of"
                        + " letters, digits and _");
        assertThat(jdbc.queryForObject("select count(*) from customers", Long.class)).isEqualTo(50);
    }

    @Test
    void aCheckCannotChangeTheRestoredData() {
        CheckResult result = run(new DrillCheck(DrillCheck.SQL,
                Map.of("query", "delete from tickets returning id", "expected", 1))).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).startsWith("the query failed: ERROR: cannot execute DELETE in a read-only transaction");
        assertThat(jdbc.queryForObject("select count(*) from tickets", Long.class)).isEqualTo(200);
    }

    @Test
    void aQueryRunningPastTheTimeoutIsCancelledAndFails() {
        CheckResult result = new RestoredDataChecks(Duration.ofSeconds(1)).run(List.of(new DrillCheck(DrillCheck.SQL,
                Map.of("query", "select count(*) from tickets, pg_sleep(30)", "expected", 200))), List.of(restored)).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).startsWith("the query failed: ERROR: canceling statement due to user request");
        assertThat(result.millis()).isBetween(1_000L, 10_000L);
    }

    @Test
    void aMissingTableFailsAndTheNextCheckStillRuns() {
        List<CheckResult> results = run(new DrillCheck(DrillCheck.ROW_COUNT, Map.of("table", "Tickets", "expected", 200)),
                TICKETS);

        assertThat(results.get(0).failed()).isTrue();
        assertThat(results.get(0).evidence()).startsWith("the query failed: ERROR: relation \"Tickets\" does not exist");
        assertThat(results.get(1).passed()).as("the failed query's transaction was rolled back").isTrue();
    }

    @Test
    void sqlChecksReadTheFirstRestoredDatabaseAndAreSkippedWhenItWasLeftOut() throws Exception {
        SourceLocation filesSource = new SourceLocation("ticket-db", "attachments", Map.of("path", dir.toString()), dir, dir,
                BackupMethod.FULL);
        RestoredSource attachments = new RestoredSource(new FilesAgent(), filesSource,
                new Snapshot("files", "bk-1", 0, 0, "", BackupMethod.FULL), new RestoredData(dir.toString(), null, null, null),
                List.of());

        CheckResult besideFiles = checks.run(List.of(TICKETS), List.of(attachments, restored)).get(0);
        CheckResult leftOut = checks.run(List.of(TICKETS), List.of(attachments,
                RestoredSource.notRestored(restored.agent(), restored.source(), restored.snapshot()))).get(0);
        CheckResult filesOnly = checks.run(List.of(TICKETS), List.of(attachments)).get(0);
        CheckResult namedFiles = checks.run(List.of(new DrillCheck(DrillCheck.ROW_COUNT,
                Map.of("table", "tickets", "expected", 200, "dataSource", "attachments"))), List.of(attachments, restored)).get(0);

        assertThat(besideFiles.passed()).as(besideFiles.evidence()).isTrue();
        assertThat(leftOut).extracting(CheckResult::skipped, CheckResult::evidence)
                .containsExactly(true, "skipped: no restored data source is a database; not restored: tickets-db");
        assertThat(filesOnly).extracting(CheckResult::failed, CheckResult::evidence)
                .containsExactly(true, "no data source of this restore is a database: attachments hold files");
        assertThat(namedFiles).extracting(CheckResult::failed, CheckResult::evidence)
                .containsExactly(true, "data source attachments was restored as files (" + dir + "), not as a database");
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsEveryCheckOnIt() {
        PGSimpleDataSource nothingListening = new PGSimpleDataSource();
        nothingListening.setUrl("jdbc:postgresql://127.0.0.1:1/tickets_restored");
        restored = restoredDatabase("tickets-db", FakeAgents.database("pgdump", nothingListening));

        List<CheckResult> results = run(TICKETS, OPEN_TICKETS);

        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).allSatisfy(evidence -> assertThat(evidence)
                .startsWith("cannot connect to the restored database of data source tickets-db (tickets_restored): cannot"
                        + " connect to tickets_restored: Connection to 127.0.0.1:1 refused"));
    }
}
