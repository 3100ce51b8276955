package io.lifeboat.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
import io.lifeboat.backup.agent.Sha256;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.catalog.FakeAgents;

/** SQL checks, amcheck and scripts on a restored database, a real PostgreSQL one, reached through its agent's connect. */
class RestoredDatabaseChecksTest {

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    static final DrillCheck TICKETS = new DrillCheck(DrillCheck.ROW_COUNT,
            Map.of("name", "all tickets", "table", "tickets", "expected", 200));
    static final DrillCheck OPEN_TICKETS = new DrillCheck(DrillCheck.SQL,
            Map.of("name", "open tickets", "query", "select count(*) from tickets where status = 'open'", "expected", 80));
    static final DrillCheck CUSTOMERS_EXIST = new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "customers exist",
            "table", "tickets", "column", "customer_id", "references", "public.customers.id"));

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
        List<CheckResult> results = run(TICKETS, OPEN_TICKETS, CUSTOMERS_EXIST, new DrillCheck(DrillCheck.SQL,
                Map.of("name", "positive ids", "query", "select bool_and(id > 0) from tickets", "expected", true)));

        assertThat(results).allSatisfy(result -> assertThat(result.passed()).as(result.evidence()).isTrue());
        assertThat(results).extracting(CheckResult::name).containsExactly("all tickets", "open tickets", "customers exist",
                "positive ids");
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
    void anOrphanReferenceFailsNamingTheFirstTwentyOrphanRowsByTheirPrimaryKey() {
        jdbc.update("delete from customers where id between 11 and 35");

        CheckResult result = run(CUSTOMERS_EXIST).get(0);

        assertThat(result.failed()).isTrue();
        // ticket i has customer 1 + i % 50: customers 11 to 35 are those of tickets 10 to 34, 60 to 84, ...
        assertThat(result.evidence()).isEqualTo("tickets.customer_id -> public.customers.id in data source tickets-db: 100"
                + " of 200 rows with a customer_id reference no existing row; the first orphans: " + IntStream.range(10, 30)
                .mapToObj(id -> "id=" + id + " -> customer_id=" + (id + 1)).collect(Collectors.joining(", ")));
    }

    @Test
    void aReferencesCheckFindsOrphanedCmdbRelationships() {
        // ServiceNow's CMDB: relationships name their CIs by sys_id, and no foreign key keeps them from dangling
        jdbc.execute("create table cmdb_ci (sys_id varchar(32) primary key, name text not null)");
        jdbc.execute("create table cmdb_rel_ci (sys_id varchar(32) primary key, parent varchar(32), child varchar(32),"
                + " type text not null)");
        jdbc.execute("insert into cmdb_ci select 'ci' || i, 'server ' || i from generate_series(1, 10) i");
        jdbc.execute("insert into cmdb_rel_ci select 'rel' || i, 'ci' || i, 'ci' || (i % 10 + 1), 'Depends on::Used by'"
                + " from generate_series(1, 10) i");
        jdbc.execute("insert into cmdb_rel_ci values ('rel11', null, 'ci1', 'Runs on::Runs')");
        jdbc.update("delete from cmdb_ci where sys_id in ('ci3', 'ci7')");
        DrillCheck parents = new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "relationship parents exist",
                "table", "cmdb_rel_ci", "column", "parent", "references", "cmdb_ci.sys_id"));
        DrillCheck children = new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "relationship children exist",
                "table", "cmdb_rel_ci", "column", "child", "references", "cmdb_ci.sys_id", "key", "type"));

        List<CheckResult> results = run(parents, children);

        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "cmdb_rel_ci.parent -> cmdb_ci.sys_id in data source tickets-db: 2 of 10 rows with a parent reference no"
                        + " existing row; the first orphans: sys_id=rel3 -> parent=ci3, sys_id=rel7 -> parent=ci7",
                "cmdb_rel_ci.child -> cmdb_ci.sys_id in data source tickets-db: 2 of 11 rows with a child reference no"
                        + " existing row; the first orphans: type=Depends on::Used by -> child=ci3, type=Depends on::Used by"
                        + " -> child=ci7");

        jdbc.update("delete from cmdb_rel_ci where parent in ('ci3', 'ci7') or child in ('ci3', 'ci7')");
        assertThat(run(parents, children)).extracting(CheckResult::passed, CheckResult::evidence).containsExactly(
                tuple(true, "cmdb_rel_ci.parent -> cmdb_ci.sys_id in data source tickets-db: all 6 rows with a parent"
                        + " reference an existing row"),
                tuple(true, "cmdb_rel_ci.child -> cmdb_ci.sys_id in data source tickets-db: all 7 rows with a child"
                        + " reference an existing row"));
    }

    @Test
    void foreignKeysThatWereNeverValidatedAreCheckedMultiColumnKeysIncluded() {
        jdbc.execute("create table sites (region int, code text, primary key (region, code))");
        jdbc.execute("create table racks (id int primary key, region int, site text, foreign key (region, site)"
                + " references sites (region, code))");
        jdbc.execute("alter table tickets add constraint tickets_customer foreign key (customer_id) references customers (id)");
        jdbc.execute("insert into sites values (1, 'fra'), (2, 'ams')");
        // as a restore that loads its data with the triggers that enforce foreign keys disabled, in one session
        jdbc.execute("set session_replication_role = replica;"
                + " insert into racks values (1, 1, 'fra'), (2, 1, 'ams'), (3, 3, 'fra'), (4, null, 'lon');"
                + " delete from customers where id = 5");

        CheckResult result = run(new DrillCheck(DrillCheck.FOREIGN_KEYS, Map.of("name", "every foreign key"))).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).isEqualTo("6 orphans in 2 foreign keys in the non-system schemas of data source"
                + " tickets-db, 203 references: racks_region_site_fkey (public.racks.(region, site) -> public.sites.(region,"
                + " code)): 2 orphans of 3; tickets_customer (public.tickets.customer_id -> public.customers.id): 4 orphans"
                + " of 200; the first orphans: racks_region_site_fkey id=2 -> region=1 site=ams, racks_region_site_fkey"
                + " id=3 -> region=3 site=fra, tickets_customer id=4 -> customer_id=5, tickets_customer id=54 ->"
                + " customer_id=5, tickets_customer id=104 -> customer_id=5, tickets_customer id=154 -> customer_id=5");
    }

    @Test
    void aSchemaWithoutForeignKeysFailsTheForeignKeysCheck() {
        jdbc.execute("create schema archive");

        List<CheckResult> results = run(new DrillCheck(DrillCheck.FOREIGN_KEYS, Map.of("name", "every foreign key")),
                new DrillCheck(DrillCheck.FOREIGN_KEYS, Map.of("name", "archived keys", "schema", "archive")));

        assertThat(results).extracting(CheckResult::failed, CheckResult::evidence).containsExactly(
                tuple(true, "no foreign keys in the non-system schemas of data source tickets-db, so there is nothing to"
                        + " check: name the references with references checks instead"),
                tuple(true, "no foreign keys in schema archive of data source tickets-db, so there is nothing to check:"
                        + " name the references with references checks instead"));
    }

    @Test
    void amcheckChecksEveryBtreeIndexAndLeavesNoExtensionBehind() {
        jdbc.execute("create index tickets_status on tickets (status)");
        jdbc.execute("create index tickets_status_hash on tickets using hash (status)");
        long btrees = jdbc.queryForObject("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                + " join pg_am am on am.oid = c.relam where am.amname = 'btree' and c.relkind = 'i'", Long.class);

        List<CheckResult> results = run(new DrillCheck(DrillCheck.AMCHECK, Map.of("name", "indexes")),
                new DrillCheck(DrillCheck.AMCHECK, Map.of("name", "indexes and heap", "heapallindexed", true)), TICKETS);

        assertThat(results).allSatisfy(result -> assertThat(result.passed()).as(result.evidence()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "amcheck bt_index_check on " + btrees + " B-tree indexes of data source tickets-db: all passed",
                "amcheck bt_index_check with heapallindexed on " + btrees + " B-tree indexes of data source tickets-db:"
                        + " all passed",
                "table tickets in data source tickets-db has 200 rows, 200 expected");
        assertThat(btrees).as("the catalogs' indexes and the tables' own, not the hash index").isGreaterThan(100);
        assertThat(jdbc.queryForObject("select count(*) from pg_extension where extname = 'amcheck'", Long.class))
                .as("created in the check's transaction, which was rolled back").isZero();
        CheckResult write = run(new DrillCheck(DrillCheck.SQL, Map.of("name", "still read-only",
                "query", "create table afterwards (id int)", "expected", 1))).get(0);
        assertThat(write.evidence()).startsWith("the query failed: ERROR: cannot execute CREATE TABLE in a read-only"
                + " transaction");
    }

    @Test
    void aFullTextSearchCountsTheRowsThatMatchWithTheTermBound() {
        jdbc.execute("create table kb_knowledge (id int primary key, short_description text, body text)");
        jdbc.execute("insert into kb_knowledge values (1, 'Connect to the VPN', 'Install the client'),"
                + " (2, 'Reset a password', 'Use the self-service portal; the VPN is not needed'),"
                + " (3, 'Printers', 'It''s on floor 3')");

        List<CheckResult> results = run(
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "vpn articles", "term", "vpn", "table", "kb_knowledge",
                        "columns", List.of("short_description", "body"), "minMatches", 2)),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "vpn titles", "term", "VPN", "table", "kb_knowledge",
                        "column", "short_description", "minMatches", 2)),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "connecting", "term", "connecting", "table",
                        "kb_knowledge", "column", "short_description", "language", "english")),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "quoted", "term", "it's'); drop table kb_knowledge; --",
                        "table", "kb_knowledge", "column", "body")));

        assertThat(results).extracting(CheckResult::passed, CheckResult::evidence).containsExactly(
                tuple(true, "'vpn' (full-text, simple) in 2 rows of kb_knowledge.(short_description, body) in data source"
                        + " tickets-db, 2 at least expected"),
                tuple(false, "'VPN' (full-text, simple) in 1 row of kb_knowledge.short_description in data source"
                        + " tickets-db, 2 at least expected"),
                tuple(true, "'connecting' (full-text, english) in 1 row of kb_knowledge.short_description in data source"
                        + " tickets-db, 1 at least expected"),
                tuple(false, "'it's'); drop table kb_knowledge; --' (full-text, simple) in 0 rows of kb_knowledge.body in"
                        + " data source tickets-db, 1 at least expected"));
        assertThat(jdbc.queryForObject("select count(*) from kb_knowledge", Long.class)).isEqualTo(3);
    }

    @Test
    void aScriptGetsAReadOnlyConnectionToTheRestoredDatabase() throws Exception {
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("hooks/open-ticket.groovy"), """
                def rows = restored['tickets-db'].prepareStatement('select status from tickets where id = 42').executeQuery()
                if (!rows.next()) {
                    throw new IllegalStateException('ticket 42 is gone')
                }
                log.info('ticket 42 is {}', rows.getString(1))
                return rows.getString(1) == 'closed'
                """);
        Files.writeString(dir.resolve("hooks/close-ticket.groovy"),
                "restored['tickets-db'].createStatement().executeUpdate(\"update tickets set status = 'open'\")");
        DrillCheck openTicket = new DrillCheck(DrillCheck.SCRIPT, Map.of("name", "open ticket 42",
                "script", "hooks/open-ticket.groovy"));
        String ran = "script hooks/open-ticket.groovy (SHA-256 " + Sha256.of(dir.resolve("hooks/open-ticket.groovy"))
                + ") on data sources tickets-db";

        CheckResult found = run(openTicket).get(0);
        CheckResult changing = run(new DrillCheck(DrillCheck.SCRIPT, Map.of("name", "close ticket 42",
                "script", "hooks/close-ticket.groovy"))).get(0);
        jdbc.update("update tickets set status = 'open' where id = 42");
        CheckResult reopened = run(openTicket).get(0);
        jdbc.update("delete from tickets where id = 42");
        CheckResult deleted = run(openTicket).get(0);

        assertThat(found).extracting(CheckResult::passed, CheckResult::evidence).containsExactly(true, ran + " returned true");
        assertThat(changing.failed()).isTrue();
        assertThat(changing.evidence()).contains("failed: ERROR: cannot execute UPDATE in a read-only transaction");
        assertThat(reopened).extracting(CheckResult::failed, CheckResult::evidence).containsExactly(true,
                ran + " returned false");
        assertThat(deleted).extracting(CheckResult::failed, CheckResult::evidence).containsExactly(true,
                ran + " failed: ticket 42 is gone");
        assertThat(jdbc.queryForObject("select count(*) from tickets where status = 'open'", Long.class)).isEqualTo(80);
    }

    @Test
    void aScriptRunningPastTheTimeLimitIsStoppedAndFails() throws Exception {
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("hooks/spin.groovy"), "while (true) { }");
        Files.writeString(dir.resolve("hooks/sleep.groovy"), "Thread.sleep(60_000)");
        Files.writeString(dir.resolve("hooks/query.groovy"),
                "restored['tickets-db'].createStatement().executeQuery('select pg_sleep(60)')");

        List<CheckResult> results = new RestoredDataChecks(Duration.ofSeconds(1)).run(List.of(
                new DrillCheck(DrillCheck.SCRIPT, Map.of("name", "spin", "script", "hooks/spin.groovy")),
                new DrillCheck(DrillCheck.SCRIPT, Map.of("name", "sleep", "script", "hooks/sleep.groovy")),
                new DrillCheck(DrillCheck.SCRIPT, Map.of("name", "query", "script", "hooks/query.groovy")), TICKETS),
                List.of(restored));

        assertThat(results.subList(0, 2)).allSatisfy(result -> assertThat(result.evidence())
                .endsWith("ran past its time limit of 1 s (lifeboat.checks.query-timeout) and was stopped"));
        // the query is cut off by the server (its statement timeout) or with its connection, whichever comes first
        assertThat(results.get(2).failed()).isTrue();
        assertThat(results.get(3).passed()).as("the next check runs on the connection the scripts did not have").isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from pg_stat_activity where query = 'select pg_sleep(60)'", Long.class)).isZero());
    }

    @Test
    void aRowCountWithoutExpectedNeedsAnAgentThatCountedRowsAtBackupTime() {
        CheckResult result = run(new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "as backed up", "table", "tickets")))
                .get(0);

        assertThat(result).extracting(CheckResult::failed, CheckResult::evidence).containsExactly(true, "the pgdump agent"
                + " records no row counts when it backs up, so there is nothing to compare table public.tickets with: give the"
                + " check an expected count");
    }

    @Test
    void anInjectionThroughATableOrColumnNameIsRefusedAndRunsNothing() {
        List<CheckResult> results = run(
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "c1", "table", "tickets; drop table customers",
                        "expected", 200)),
                new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "c2", "table", "tickets", "column",
                        "customer_id\" is null or 1=1; drop table customers; --", "references", "customers.id")),
                new DrillCheck(DrillCheck.REFERENCES,
                        Map.of("name", "c3", "table", "tickets", "column", "customer_id", "references", "customers.id)--")));

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
                Map.of("name", "delete", "query", "delete from tickets returning id", "expected", 1))).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).startsWith("the query failed: ERROR: cannot execute DELETE in a read-only transaction");
        assertThat(jdbc.queryForObject("select count(*) from tickets", Long.class)).isEqualTo(200);
    }

    @Test
    void aQueryRunningPastTheTimeoutIsCancelledAndFails() {
        CheckResult result = new RestoredDataChecks(Duration.ofSeconds(1)).run(List.of(new DrillCheck(DrillCheck.SQL,
                Map.of("name", "slow", "query", "select count(*) from tickets, pg_sleep(30)", "expected", 200))),
                List.of(restored)).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).startsWith("the query failed: ERROR: canceling statement due to user request");
        assertThat(result.millis()).isBetween(1_000L, 10_000L);
    }

    @Test
    void aMissingTableFailsAndTheNextCheckStillRuns() {
        List<CheckResult> results = run(new DrillCheck(DrillCheck.ROW_COUNT,
                Map.of("name", "capitalised", "table", "Tickets", "expected", 200)), TICKETS);

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
        CheckResult namedFiles = checks.run(List.of(new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "all tickets",
                "table", "tickets", "expected", 200, "dataSource", "attachments"))), List.of(attachments, restored)).get(0);

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
