package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.storage.FreeSpaceProbe;
import io.lifeboat.storage.FreeSpaceProbe.FileStoreProbe;

/**
 * Against a real PostgreSQL 15 archiving its WAL with Debian's pgBackRest 2.45. The tests share one stanza and run in
 * order: the expire refusal below holds only while the first full backup is the only one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgBackRestAgentTest {

    private static final String STANZA = "helpdesk";
    private static final List<String> TABLES = List.of("customers", "tickets");

    private static PostgresServer server;

    private final PgBackRestAgent agent = agent(path -> new FileStoreProbe().usableBytes(path));

    @BeforeAll
    static void startArchivingServer() throws Exception {
        server = PostgresServer.start(STANZA);
        Files.writeString(server.base().resolve("probe.pw"), PostgresServer.PASSWORD + "\n");
        server.createStanza();
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("create database helpdesk");
        }
        execute("create table customers (id int primary key, name text not null)",
                "create table tickets (id int primary key, customer_id int not null references customers(id), title text)",
                "insert into customers select i, 'customer ' || i from generate_series(1, 40) i",
                "insert into tickets select i, 1 + i % 40, 'ticket ' || i from generate_series(1, 300) i");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static PgBackRestAgent agent(FreeSpaceProbe freeSpace) {
        return new PgBackRestAgent(PostgresServer.PGBACKREST.toString(), String.join(" ", PostgresServer.AS_POSTGRES),
                PostgresServer.BIN.toString().replace("15", PgBackRestAgent.VERSION), freeSpace);
    }

    /** The restored cluster's checks log in as the superuser, over TCP with its password, to the helpdesk database. */
    private static SourceLocation location(String stanza, BackupMethod method) {
        return new SourceLocation("helpdesk", "cluster", Map.of("stanza", stanza,
                "configFile", server.pgbackrestConfig().toString(), "user", PostgresServer.SUPERUSER,
                "passwordRef", "${file:probe.pw}", "database", "helpdesk"), server.base(), server.base(), method);
    }

    @Test
    @Order(1)
    void fullThenIncrementalRestoresIntoASandboxServerWithTheSameTables() throws Exception {
        Snapshot full = agent.backup("br-full", location(STANZA, BackupMethod.FULL), ProgressListener.NONE);
        execute("insert into tickets select i, 1, 'after the full backup ' || i from generate_series(301, 360) i");
        Snapshot incr = agent.backup("br-incr", location(STANZA, BackupMethod.INCREMENTAL), ProgressListener.NONE);

        assertThat(full.snapshotId()).matches("\\d{8}-\\d{6}F").isEqualTo(full.checksum());
        assertThat(incr.snapshotId()).startsWith(full.snapshotId() + "_").endsWith("I");
        assertThat(incr.bytes()).isGreaterThan(0);
        assertThat(incr.fileCount()).as("databases postgres and helpdesk").isEqualTo(2);
        assertThat(agent.backup("br-incr", location(STANZA, BackupMethod.INCREMENTAL), ProgressListener.NONE)).isEqualTo(incr);
        assertThat(backupLabels()).as("the repeat made no new backup").containsExactly(full.snapshotId(), incr.snapshotId());

        Verification verification = agent.verify(location(STANZA, BackupMethod.INCREMENTAL), incr);
        assertThat(verification.ok()).as(verification.detail()).isTrue();

        Map<String, String> expected = tableContents(server.connect("helpdesk"));
        Path sandboxData = server.newDirectory("restored");
        int port = freePort();
        RestoreSpec spec = new RestoreSpec("rs-alt", RestoreMode.ALTERNATE,
                Map.of("dataDirectory", sandboxData.toString(), "port", port), List.of(), null);
        SourceLocation source = location(STANZA, BackupMethod.INCREMENTAL);
        assertThat(agent.capacityProblem(source, incr, spec)).isEmpty();
        assertThat(agent(path -> 1024).capacityProblem(source, incr, spec)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(sandboxData + " has 1024 bytes free, backup " + incr.snapshotId() + " restores "));
        agent.restore(source, incr, spec, ProgressListener.NONE);
        RestoredData restored = agent.restore(source, incr, spec, ProgressListener.NONE);
        assertThat(restored.location()).as("a repeated restore starts again in its own directory").isEqualTo(sandboxData.toString());
        assertThat(restored.port()).isEqualTo(port);
        assertThat(restored.recoveredTo()).isNull();

        Verification started = agent.verifyRestored(source, incr, spec, restored);
        assertThat(started.ok()).as(started.detail()).isTrue();
        assertThat(started.detail()).contains("left recovery and answers select 1");
        assertThat(tableContents(agent.connect(source, restored))).isEqualTo(expected).containsEntry("tickets", "360 rows");
        try (Connection copy = agent.connect(source, restored); Statement statement = copy.createStatement();
             ResultSet archiving = statement.executeQuery("show archive_mode")) {
            archiving.next();
            assertThat(archiving.getString(1)).as("the copy never archives into the stanza").isEqualTo("off");
        }
        agent.discard(source, spec);
        assertThat(sandboxData).doesNotExist();
        assertThatThrownBy(() -> agent.connect(source, restored)).isInstanceOf(AgentException.class);

        assertThatThrownBy(() -> agent.delete(location(STANZA, BackupMethod.FULL), full))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("ERROR: [075]").hasMessageContaining("cannot be expired");
        agent.delete(location(STANZA, BackupMethod.INCREMENTAL), incr);
        agent.delete(location(STANZA, BackupMethod.INCREMENTAL), incr);
        assertThat(backupLabels()).containsExactly(full.snapshotId());
    }

    @Test
    @Order(2)
    void verifyFindsADamagedFileThoughPgBackRestExitsZero() throws Exception {
        Snapshot full = agent.backup("br-full", location(STANZA, BackupMethod.FULL), ProgressListener.NONE);
        Path file;
        try (Stream<Path> files = Files.walk(server.base().resolve("repo/backup/" + STANZA + "/" + full.snapshotId()))) {
            file = files.filter(p -> p.toString().endsWith(".gz")).filter(p -> p.toFile().length() > 1000).findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(file);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(file, damaged);
        try {
            Verification verification = agent.verify(location(STANZA, BackupMethod.FULL), full);
            assertThat(verification.ok()).isFalse();
            assertThat(verification.detail()).contains("status: invalid");
        } finally {
            Files.write(file, original);
        }
    }

    @Test
    @Order(3)
    void restoresInPlaceToAPointInTimeBeforeATableWasDroppedAndSwitchesBackToTheSafetyBackup() throws Exception {
        SourceLocation source = location(STANZA, BackupMethod.FULL);
        Snapshot backup = agent.backup("br-pitr", source, ProgressListener.NONE);
        execute("create table kb_articles (id int primary key, body text)",
                "insert into kb_articles select i, repeat('x', 100) from generate_series(1, 1500) i");
        Instant beforeDrop = serverTime();
        execute("drop table kb_articles");
        Snapshot safety = agent.backup("br-safety", location(STANZA, BackupMethod.INCREMENTAL), ProgressListener.NONE);
        server.archiveCurrentWal();
        RestoreSpec spec = new RestoreSpec("rs-pitr", RestoreMode.IN_PLACE, Map.of(), List.of(), beforeDrop);
        assertThatThrownBy(() -> agent.restore(source, backup, spec, ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("PostgreSQL is running on " + server.dataDirectory());
        assertThat(agent(path -> 0).capacityProblem(source, backup, spec))
                .as("the delta restore rewrites what the data directory holds, no more than the backup").isEmpty();

        server.stop();
        RestoredData restored = agent.restore(source, backup, spec, ProgressListener.NONE);

        assertThat(restored.location()).isEqualTo(server.dataDirectory().toString());
        assertThat(restored.port()).isNotEqualTo(server.port());
        assertThat(restored.recoveredTo()).isEqualTo(beforeDrop);
        assertThat(restored.newestChange()).as("the insert's commit, replayed").isNotNull().isBeforeOrEqualTo(beforeDrop);
        Verification verification = agent.verifyRestored(source, backup, spec, restored);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(count(agent.connect(source, restored), "kb_articles")).isEqualTo(1500);

        agent.switchIn(source, spec, restored);
        assertThatThrownBy(() -> agent.connect(source, restored)).as("the check server is stopped").isInstanceOf(AgentException.class);
        server.startAgain();
        assertThat(count(server.connect("helpdesk"), "kb_articles")).as("production has the table back").isEqualTo(1500);

        assertThatThrownBy(() -> agent.switchBack(source, spec, restored, null))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("no safety backup");
        server.stop();
        agent.switchBack(source, spec, restored, safety);
        agent.discard(source, spec);
        server.startAgain();
        assertThatThrownBy(() -> count(server.connect("helpdesk"), "kb_articles"))
                .as("the safety backup's state, from after the drop").hasMessageContaining("does not exist");
    }

    @Test
    @Order(4)
    void aMissingStanzaIsAnErrorThoughInfoExitsZero() {
        assertThatThrownBy(() -> agent.backup("br-none", location("no-such-stanza", BackupMethod.FULL), ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("status code 1 (missing stanza path)").hasMessageContaining("run stanza-create");
    }

    @Test
    @Order(5)
    void validateNamesEveryBadSetting() {
        assertThat(agent.validate(Map.of("stanza", "../etc")))
                .containsExactly("stanza may hold only letters, digits and . _ - (not first)");
    }

    @Test
    @Order(6)
    void aDestinationTheClustersUserCannotCreateTheDataDirectoryInIsAProblemBeforeAnythingIsRestored() throws Exception {
        Path writable = server.newDirectory("sandbox");
        Path closed = Files.createDirectory(server.base().resolve("root-only"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        SourceLocation source = location(STANZA, BackupMethod.FULL);

        assertThat(agent.destinationProblem(source, Map.of("dataDirectory", writable.toString(), "port", 5999))).isEmpty();
        assertThat(writable.getParent()).as("the probe leaves nothing").isEmptyDirectory();
        assertThat(agent.destinationProblem(source, Map.of("dataDirectory", closed.resolve("cluster").toString(), "port", 5999)))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("the cluster's user ("
                        + String.join(" ", PostgresServer.AS_POSTGRES) + ") cannot create the data directory "
                        + closed.resolve("cluster") + ": ").contains("Permission denied"));
        assertThatThrownBy(() -> agent.destinationProblem(source, Map.of("dataDirectory", "relative/cluster", "port", 5999)))
                .hasMessage("pgbackrest restore destination: dataDirectory must be an absolute path");
    }

    private static List<String> backupLabels() throws Exception {
        return PgBackRestInfo.parse(server.pgbackrest("--output=json", "info").stdout(), STANZA).backups().stream()
                .map(PgBackRestInfo.BackupSet::label).toList();
    }

    /** The server's clock, which recovery targets are compared with, not the test's. */
    private static Instant serverTime() throws Exception {
        try (Connection db = server.connect("helpdesk"); Statement statement = db.createStatement();
             ResultSet now = statement.executeQuery("select clock_timestamp()")) {
            now.next();
            return now.getTimestamp(1).toInstant();
        }
    }

    private static long count(Connection connection, String table) throws Exception {
        try (Connection db = connection; Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Per table: row count, so the restored copy is compared table by table. */
    private static Map<String, String> tableContents(Connection connection) throws Exception {
        Map<String, String> contents = new LinkedHashMap<>();
        try (Connection db = connection; Statement statement = db.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet result = statement.executeQuery("select count(*) || ' rows' from " + table)) {
                    result.next();
                    contents.put(table, result.getString(1));
                }
                try (ResultSet result = statement.executeQuery("select md5(string_agg(t::text, '|' order by t::text)) from "
                        + table + " t")) {
                    result.next();
                    contents.put(table + " md5", result.getString(1));
                }
            }
        }
        return contents;
    }

    private static void execute(String... statements) throws Exception {
        try (Connection db = server.connect("helpdesk"); Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
