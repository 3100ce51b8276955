package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.lifeboat.PostgresDatabases;
import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.PgDumpAgent;
import io.lifeboat.backup.agent.RestoreSpecs;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.check.RestoredSource;

/**
 * The negative control on real sandbox copies: a directory the files agent restored from a real backup, and a
 * database on a real PostgreSQL reached through the pgdump agent's connect; then the checks run on the damage.
 */
class NegativeControlTest {

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    static final DrillCheck TICKETS_FILE_INTACT = new DrillCheck(DrillCheck.FILE_CHECKSUM,
            Map.of("name", "tickets file intact", "path", "tickets.csv"));
    static final DrillCheck TEN_TICKETS = new DrillCheck(DrillCheck.ROW_COUNT,
            Map.of("name", "ten tickets", "file", "tickets.csv", "expected", 10));
    static final DrillCheck ALL_TICKETS = new DrillCheck(DrillCheck.ROW_COUNT,
            Map.of("name", "all tickets", "table", "tickets", "expected", 200));
    static final DrillCheck ALL_CUSTOMERS = new DrillCheck(DrillCheck.SQL,
            Map.of("name", "all customers", "query", "select count(*) from customers", "expected", 50));
    static final DrillCheck ANY_TICKETS = new DrillCheck(DrillCheck.SQL,
            Map.of("name", "any tickets", "query", "select count(*) > 0 from tickets", "expected", true));

    @TempDir
    Path dir;

    final RestoredDataChecks checks = new RestoredDataChecks(Duration.ofMinutes(1));
    Path sandboxDir;
    NegativeControl control;

    @BeforeEach
    void sandbox() {
        sandboxDir = dir.resolve("drills");
        control = new NegativeControl(new DrillProperties(sandboxDir, null, Duration.ofHours(2), Duration.ofDays(30)));
    }

    @Test
    void aFileACheckNamesIsRemovedFromTheRestoredCopyAndTheChecksNameIt() throws Exception {
        RestoredSource tickets = restoredFiles();
        assertThat(checks.run(List.of(TICKETS_FILE_INTACT, TEN_TICKETS), List.of(tickets)))
                .allSatisfy(result -> assertThat(result.passed()).as(result.evidence()).isTrue());

        List<SandboxDamage> damage = control.damage(List.of(tickets), List.of(TICKETS_FILE_INTACT, TEN_TICKETS));

        assertThat(damage).containsExactly(new SandboxDamage("tickets", SandboxDamage.REMOVED_FILE, "tickets.csv",
                "removed file tickets.csv (" + Files.size(production().resolve("tickets.csv")) + " bytes) from the sandbox"
                        + " copy of data source tickets"));
        assertThat(Path.of(tickets.data().location()).resolve("tickets.csv")).doesNotExist();
        assertThat(production().resolve("tickets.csv")).exists();
        List<CheckResult> results = checks.run(List.of(TICKETS_FILE_INTACT, TEN_TICKETS), List.of(tickets));
        assertThat(results).allSatisfy(result -> assertThat(result.failed()).as(result.evidence()).isTrue());
        assertThat(NegativeControl.unseen(damage, results)).isEmpty();
    }

    @Test
    void withoutACheckNamingAFileTheLargestGoesAndACheckThatCannotSeeItIsNamed() throws Exception {
        RestoredSource tickets = restoredFiles();

        List<SandboxDamage> damage = control.damage(List.of(tickets), List.of(ANY_TICKETS));

        assertThat(damage).extracting(SandboxDamage::object).containsExactly("attachments/scan.bin");
        assertThat(NegativeControl.unseen(damage, checks.run(List.of(TEN_TICKETS), List.of(tickets)))).containsExactly(
                "no check saw that the negative control removed file attachments/scan.bin (40000 bytes) from the sandbox"
                        + " copy of data source tickets");
    }

    @Test
    void rowsOfTheLargestTableAreDeletedAndAForeignKeyBrokenInACommittedTransaction() throws Exception {
        JdbcTemplate jdbc = ticketDatabase(true);
        RestoredSource db = restoredDatabase(jdbc);

        List<SandboxDamage> damage = control.damage(List.of(db), List.of(ALL_TICKETS, ALL_CUSTOMERS));

        assertThat(damage).hasSize(2);
        assertThat(damage.get(0)).isEqualTo(new SandboxDamage("db", SandboxDamage.DELETED_ROWS, "tickets",
                "deleted 20 of 200 rows of table tickets in data source db"));
        assertThat(damage.get(1)).satisfies(broken -> {
            assertThat(broken.kind()).isEqualTo(SandboxDamage.BROKEN_REFERENCE);
            assertThat(broken.object()).isEqualTo("customers");
            assertThat(broken.detail()).matches("deleted 1 row of table customers \\(\\d+\\) that table tickets refers to"
                    + " \\(foreign key tickets_customer_id_fkey\\) in data source db, leaving its rows orphaned");
        });
        assertThat(jdbc.queryForObject("select count(*) from tickets", Long.class)).as("committed").isEqualTo(180);
        assertThat(jdbc.queryForObject("select count(*) from customers", Long.class)).isEqualTo(49);
        assertThat(jdbc.queryForObject("select count(*) from tickets t where not exists"
                + " (select 1 from customers c where c.id = t.customer_id)", Long.class)).isPositive();
        List<CheckResult> results = checks.run(List.of(ALL_TICKETS, ALL_CUSTOMERS), List.of(db));
        assertThat(results).allSatisfy(result -> assertThat(result.failed()).as(result.evidence()).isTrue());
        assertThat(NegativeControl.unseen(damage, results)).isEmpty();
    }

    @Test
    void aReferenceACheckDeclaresIsBrokenWhereNoForeignKeyEnforcesOne() throws Exception {
        JdbcTemplate jdbc = ticketDatabase(false);
        // the references type's settings: the negative control reads what a check declares, whatever it is called
        DrillCheck declared = new DrillCheck("references", Map.of("name", "tickets have customers",
                "table", "tickets", "column", "customer_id", "references", "public.customers.id"));

        List<SandboxDamage> damage = control.damage(List.of(restoredDatabase(jdbc)), List.of(declared));

        assertThat(damage).extracting(SandboxDamage::kind).containsExactly(SandboxDamage.DELETED_ROWS,
                SandboxDamage.BROKEN_REFERENCE);
        assertThat(damage.get(1).detail()).contains("that table tickets refers to (tickets.customer_id -> public.customers.id)");
        assertThat(jdbc.queryForObject("select count(*) from customers", Long.class)).isEqualTo(49);
    }

    @Test
    void aServiceWhoseOnlyCheckCannotSeeDeletedRowsIsNamed() throws Exception {
        JdbcTemplate jdbc = ticketDatabase(true);
        RestoredSource db = restoredDatabase(jdbc);

        List<SandboxDamage> damage = control.damage(List.of(db), List.of(ANY_TICKETS));
        List<CheckResult> results = checks.run(List.of(ANY_TICKETS), List.of(db));

        assertThat(results).singleElement().satisfies(result -> assertThat(result.passed()).isTrue());
        assertThat(NegativeControl.unseen(damage, results)).hasSize(2)
                .startsWith("no check saw that the negative control deleted 20 of 200 rows of table tickets in data source db")
                .last().asString().startsWith("no check saw that the negative control deleted 1 row of table customers");
    }

    @Test
    void aForeignKeyRefusingTheDeletionToAUserThatMayNotTurnItOffFailsSayingSoAndChangesNothing() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(POSTGRES.fresh("drill_dr"));
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = 'drill_owner') then"
                + " create role drill_owner login; end if; end $$");
        jdbc.execute("create table customers (id int primary key, name text not null)");
        jdbc.execute("create table tickets (id int primary key, customer_id int references customers(id))");
        jdbc.execute("insert into customers select i, repeat('customer ', 20) || i from generate_series(1, 300) i");
        jdbc.execute("insert into tickets select i, i from generate_series(1, 300) i");
        jdbc.execute("alter table customers owner to drill_owner");
        jdbc.execute("alter table tickets owner to drill_owner");
        RestoredSource db = restoredDatabase(jdbc.queryForObject("select current_database()", String.class), "drill_owner");

        assertThatThrownBy(() -> control.damage(List.of(db), List.of()))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageStartingWith("the negative control cannot delete rows of table customers in data source db:"
                        + " a foreign key refuses (")
                .hasMessageEndingWith("), and only a superuser may turn foreign keys off (session_replication_role)");
        assertThat(jdbc.queryForObject("select count(*) from customers", Long.class)).isEqualTo(300);
    }

    @Test
    void dataOutsideTheSandboxIsNeverTouched() throws Exception {
        RestoredSource restored = restoredFiles();
        Path productionDir = production();
        RestoredSource production = new RestoredSource(restored.agent(), restored.source(), restored.snapshot(),
                new RestoredData(productionDir.toString(), null, null, null), List.of());
        assertThatIllegalStateException().isThrownBy(() -> control.damage(List.of(production), List.of(TICKETS_FILE_INTACT)))
                .withMessage("the negative control refuses to damage data source tickets of ticket-db: "
                        + productionDir.toRealPath() + " is not below the sandbox directory " + sandboxDir.toRealPath()
                        + ", so it may be production");
        assertThat(productionDir.resolve("tickets.csv")).exists();

        JdbcTemplate jdbc = ticketDatabase(true);
        RestoredSource helpdesk = restoredDatabase("helpdesk", PostgresDatabases.USER);
        assertThatIllegalStateException().isThrownBy(() -> control.damage(List.of(helpdesk), List.of()))
                .withMessage("the negative control refuses to damage data source db of helpdesk: database helpdesk is not"
                        + " named drill_*, so it may be production");
        assertThat(jdbc.queryForObject("select count(*) from tickets", Long.class)).isEqualTo(200);
    }

    private Path production() {
        return dir.resolve("production/tickets");
    }

    /** The ticket files backed up and restored into the drill's sandbox by the real files agent. */
    private RestoredSource restoredFiles() throws Exception {
        Path data = Files.createDirectories(production().resolve("attachments"));
        StringBuilder csv = new StringBuilder("id,subject\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(i).append(",ticket ").append(i).append('\n');
        }
        Files.writeString(production().resolve("tickets.csv"), csv);
        Files.writeString(production().resolve("schema.sql"), "create table tickets (id int, subject text);\n");
        Files.write(data.resolve("scan.bin"), new byte[40_000]);
        FilesAgent files = new FilesAgent();
        SourceLocation source = new SourceLocation("ticket-db", "tickets", Map.of("path", production().toString()), dir,
                Files.createDirectories(dir.resolve("storage")), BackupMethod.FULL);
        Snapshot snapshot = files.backup("bk-1", source, ProgressListener.NONE);
        RestoredData restored = files.restore(source, snapshot, RestoreSpecs.alternate("rs-dr-1",
                sandboxDir.resolve("dr-1/tickets")), ProgressListener.NONE);
        return new RestoredSource(files, source, snapshot, restored, List.of());
    }

    /** A sandbox database {@code drill_...}: 50 customers, 200 tickets referring to them, with or without a foreign key. */
    private static JdbcTemplate ticketDatabase(boolean foreignKey) {
        JdbcTemplate jdbc = new JdbcTemplate(POSTGRES.fresh("drill_dr"));
        jdbc.execute("create table customers (id int primary key, name text not null)");
        jdbc.execute("create table tickets (id int primary key, customer_id int" + (foreignKey ? " references customers(id)" : "")
                + ", subject text)");
        jdbc.execute("insert into customers select i, 'customer ' || i from generate_series(1, 50) i");
        jdbc.execute("insert into tickets select i, 1 + i % 50, 'the printer on floor ' || i || ' is jammed again'"
                + " from generate_series(1, 200) i");
        return jdbc;
    }

    private static RestoredSource restoredDatabase(JdbcTemplate jdbc) {
        return restoredDatabase(jdbc.queryForObject("select current_database()", String.class), PostgresDatabases.USER);
    }

    /** The database as the pgdump agent restored it into {@code location}, reached as {@code user}. */
    private static RestoredSource restoredDatabase(String location, String user) {
        BackupAgent pgdump = new PgDumpAgent("/usr/bin");
        SourceLocation source = new SourceLocation("helpdesk", "db", Map.of("host", "localhost", "port", POSTGRES.port(),
                "database", "postgres", "user", user), Path.of("."), Path.of("."), BackupMethod.FULL);
        return new RestoredSource(pgdump, source, new Snapshot(PgDumpAgent.NAME, "bk-1", 0, 0, "", BackupMethod.FULL),
                new RestoredData(location, null, null, null), List.of());
    }
}
