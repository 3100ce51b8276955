package io.lifeboat.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.backup.agent.PgDumpAgent;
import io.lifeboat.backup.agent.PostgresServer;
import io.lifeboat.catalog.DrillCheck;

/**
 * Checks on databases of a real PostgreSQL 15 cluster reached through the real pgdump agent: one it backed up and
 * restored, whose tables are counted against the counts its backup recorded, and one whose index is corrupted on disk
 * while the cluster is stopped, which amcheck must find.
 */
class RestoredClusterChecksTest {

    private static PostgresServer server;

    @TempDir
    Path dir;

    private final PgDumpAgent agent = new PgDumpAgent(PostgresServer.BIN.toString());
    private final RestoredDataChecks checks = new RestoredDataChecks(Duration.ofMinutes(1));
    private Path runbooks;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start(null);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void password() throws Exception {
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Files.writeString(Files.createDirectories(runbooks.resolve("secrets")).resolve("pg.pw"), PostgresServer.PASSWORD);
    }

    private SourceLocation location(String database) throws Exception {
        return new SourceLocation("helpdesk", "tickets-db", Map.of("host", "127.0.0.1", "port", server.port(),
                "database", database, "user", PostgresServer.SUPERUSER, "passwordRef", "${file:secrets/pg.pw}"), runbooks,
                Files.createDirectories(dir.resolve("storage")), BackupMethod.FULL);
    }

    @Test
    void aRowCountWithoutExpectedComparesTheRestoredTableWithTheCountsItsBackupRecorded() throws Exception {
        execute("postgres", "create database helpdesk");
        execute("helpdesk", "create table tickets (id int primary key, title text)",
                "insert into tickets select i, 'ticket ' || i from generate_series(1, 400) i",
                "create schema archive", "create table archive.\"Tickets\" (id int)",
                "insert into archive.\"Tickets\" select generate_series(1, 30)");
        Snapshot snapshot = agent.backup("pg-1", location("helpdesk"), ProgressListener.NONE);
        RestoredData restored = agent.restore(location("helpdesk"), snapshot, new RestoreSpec("rs-1", RestoreMode.ALTERNATE,
                Map.of("database", "helpdesk_drill"), List.of(), null), ProgressListener.NONE);
        List<DrillCheck> counts = List.of(
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "tickets", "table", "tickets")),
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "archived", "table", "archive.Tickets")));
        RestoredSource source = new RestoredSource(agent, location("helpdesk"), snapshot, restored, List.of());

        List<CheckResult> asRestored = checks.run(counts, List.of(source));
        execute("helpdesk_drill", "delete from tickets where id <= 3", "insert into archive.\"Tickets\" values (31)");
        List<CheckResult> damaged = checks.run(counts, List.of(source));

        assertThat(asRestored).extracting(CheckResult::evidence).containsExactly(
                "table tickets in data source tickets-db has 400 rows, 400 recorded of public.tickets by backup pg-1 when"
                        + " it was made",
                "table archive.Tickets in data source tickets-db has 30 rows, 30 recorded of archive.Tickets by backup pg-1"
                        + " when it was made");
        assertThat(asRestored).allSatisfy(result -> assertThat(result.passed()).isTrue());
        assertThat(damaged).extracting(CheckResult::evidence).containsExactly(
                "table tickets in data source tickets-db has 397 rows, 400 recorded of public.tickets by backup pg-1 when"
                        + " it was made: 3 missing",
                "table archive.Tickets in data source tickets-db has 31 rows, 30 recorded of archive.Tickets by backup pg-1"
                        + " when it was made: 1 too many");
        assertThat(damaged).allSatisfy(result -> assertThat(result.failed()).isTrue());
    }

    @Test
    void amcheckFindsAnIndexPageCorruptedOnDisk() throws Exception {
        execute("postgres", "create database assets");
        // 100 keys fit one leaf page, block 1 of the index (block 0 is its metapage)
        execute("assets", "create table assets (id int primary key, name text)",
                "insert into assets select i, 'asset ' || i from generate_series(1, 100) i",
                "create index assets_name on assets (name)");
        Path indexFile = server.dataDirectory().resolve(query("assets", "select pg_relation_filepath('assets_pkey')"));
        DrillCheck amcheck = new DrillCheck(DrillCheck.AMCHECK, Map.of("name", "every index"));
        RestoredSource source = new RestoredSource(agent, location("assets"), new Snapshot("pgdump", "pg-2", 0, 0, "",
                BackupMethod.FULL), new RestoredData("assets", null, null, null), List.of());
        CheckResult intact = checks.run(List.of(amcheck), List.of(source)).get(0);

        server.stop();
        overwriteFirstKeyOfTheOnlyLeafPage(indexFile, Integer.MAX_VALUE);
        server.startAgain();
        CheckResult corrupted = checks.run(List.of(amcheck), List.of(source)).get(0);

        assertThat(intact.passed()).as(intact.evidence()).isTrue();
        assertThat(corrupted.failed()).isTrue();
        String checked = intact.evidence().replaceFirst(": all passed$", "");
        assertThat(corrupted.evidence()).startsWith(checked + ": 1 failed: public.assets_pkey: ERROR: item order invariant"
                + " violated for index \"assets_pkey\"");
        assertThat(query("assets", "select count(*) from pg_extension where extname = 'amcheck'")).isEqualTo("0");
    }

    /**
     * A B-tree page (PostgreSQL's bufpage.h, nbtree.h): a 24-byte header, then 4-byte line pointers whose low 15 bits
     * are the item's offset in the page; an index tuple is an 8-byte header and then the key. On the rightmost page,
     * which a one-page index's leaf is, the first item is the first key, not a high key. A first key larger than the
     * second breaks the order every B-tree page keeps.
     */
    private static void overwriteFirstKeyOfTheOnlyLeafPage(Path indexFile, int key) throws Exception {
        int page = 8192;
        try (FileChannel file = FileChannel.open(indexFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer linePointer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            file.read(linePointer, page + 24);
            int itemOffset = linePointer.getInt(0) & 0x7FFF;
            ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, key);
            file.write(value, page + itemOffset + 8);
        }
    }

    private static void execute(String database, String... sql) throws Exception {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            for (String one : sql) {
                statement.execute(one);
            }
        }
    }

    private static String query(String database, String sql) throws Exception {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
