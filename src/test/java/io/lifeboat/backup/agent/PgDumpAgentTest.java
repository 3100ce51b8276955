package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;

/** Against a real PostgreSQL 15 and Debian's pg_dump 15 (Zonky's PostgreSQL 17 is too new for pg_dump 15). */
class PgDumpAgentTest {

    private static final List<String> TABLES = List.of("public.customers", "public.tickets", "public.\"AuditLog\"");

    private static PostgresServer server;

    @TempDir
    Path dir;

    private final PgDumpAgent agent = new PgDumpAgent(PostgresServer.BIN.toString());
    private Path runbooks;
    private Path storage;

    @BeforeAll
    static void startServerWithServiceDeskDatabase() throws Exception {
        server = PostgresServer.start(null);
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("create database helpdesk");
        }
        try (Connection db = server.connect("helpdesk"); Statement statement = db.createStatement()) {
            statement.execute("create table customers (id int primary key, name text not null)");
            statement.execute("create table tickets (id int primary key, customer_id int not null references customers(id),"
                    + " title text, opened timestamptz)");
            statement.execute("create table \"AuditLog\" (id bigserial primary key, entry jsonb)");
            statement.execute("insert into customers select i, 'customer ' || i from generate_series(1, 50) i");
            statement.execute("insert into tickets select i, 1 + i % 50, 'ticket ' || i, timestamptz '2026-01-01' + i * interval '1 hour'"
                    + " from generate_series(1, 400) i");
            statement.execute("insert into \"AuditLog\" (entry) select jsonb_build_object('n', i) from generate_series(1, 75) i");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void secrets() throws Exception {
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        storage = Files.createDirectories(dir.resolve("storage/helpdesk"));
        Path secrets = Files.createDirectories(runbooks.resolve("secrets"));
        Files.writeString(secrets.resolve("pg.pw"), PostgresServer.PASSWORD + "\n");
        Files.writeString(secrets.resolve("wrong.pw"), "not-the-password\n");
    }

    private SourceLocation location(String database, String passwordFile) {
        Map<String, Object> settings = new HashMap<>(Map.of("host", "127.0.0.1", "port", server.port(), "database", database,
                "user", PostgresServer.SUPERUSER, "passwordRef", "${file:secrets/" + passwordFile + "}"));
        return new SourceLocation("helpdesk", "tickets-db", settings, runbooks, storage, BackupMethod.FULL);
    }

    @Test
    void backsUpVerifiesAndRestoresIntoANewDatabaseTableByTable() throws Exception {
        Map<String, String> before = tableContents("helpdesk");

        Snapshot snapshot = agent.backup("pg-1", location("helpdesk", "pg.pw"), ProgressListener.NONE);

        Path backupDir = storage.resolve("pgdump/tickets-db/pg-1");
        assertThat(backupDir.resolve("database.dump")).isRegularFile().hasSize(snapshot.bytes());
        assertThat(backupDir.resolve("manifest.json")).isRegularFile();
        assertThat(Files.readString(backupDir.resolve("globals.sql"))).contains("ALTER ROLE postgres");
        assertThat(Files.readString(backupDir.resolve("row-counts.json")))
                .contains("\"table\" : \"AuditLog\"", "\"rows\" : 75", "\"rows\" : 400", "\"rows\" : 50");
        assertThat(snapshot).extracting(Snapshot::agent, Snapshot::snapshotId, Snapshot::fileCount)
                .containsExactly("pgdump", "pg-1", 3L);
        try (var in = Files.newInputStream(backupDir.resolve("database.dump"))) {
            assertThat(snapshot.checksum()).isEqualTo(Sha256.of(in));
        }

        Verification verification = agent.verify(location("helpdesk", "pg.pw"), snapshot);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).contains("lists all 3 tables");

        // later changes are not in the backup: the restore must show the data as it was
        execute("helpdesk", "insert into customers values (51, 'after the backup')");
        RestoreSpec spec = alternate("rs-1", "helpdesk_restored");
        RestoredData restored = agent.restore(location("helpdesk", "pg.pw"), snapshot, spec, ProgressListener.NONE);
        assertThat(restored).isEqualTo(new RestoredData("helpdesk_restored", null, null, null));
        assertThat(tableContents("helpdesk_restored")).isEqualTo(before);
        assertThat(tableContents("helpdesk")).isNotEqualTo(before);
        Verification restoredRows = agent.verifyRestored(location("helpdesk", "pg.pw"), snapshot, spec, restored);
        assertThat(restoredRows.ok()).as(restoredRows.detail()).isTrue();
        assertThat(restoredRows.detail()).contains("all 3 tables of database helpdesk_restored hold the rows counted at backup time");
        try (Connection db = agent.connect(location("helpdesk", "pg.pw"), restored); Statement statement = db.createStatement();
             ResultSet name = statement.executeQuery("select current_database()")) {
            name.next();
            assertThat(name.getString(1)).isEqualTo("helpdesk_restored");
        }

        assertThat(agent.restore(location("helpdesk", "pg.pw"), snapshot, spec, ProgressListener.NONE))
                .as("a repeated restore starts again in its own database").isEqualTo(restored);
        assertThat(tableContents("helpdesk_restored")).isEqualTo(before);
        assertThatThrownBy(() -> agent.restore(location("helpdesk", "pg.pw"), snapshot, alternate("rs-other", "helpdesk_restored"),
                ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("database helpdesk_restored already exists");
        agent.discard(location("helpdesk", "pg.pw"), alternate("rs-other", "helpdesk_restored"));
        assertThat(databases()).as("another restore's discard leaves it").contains("helpdesk_restored");
        agent.discard(location("helpdesk", "pg.pw"), spec);
        assertThat(databases()).doesNotContain("helpdesk_restored").contains("helpdesk");
        agent.discard(location("helpdesk", "pg.pw"), spec);
    }

    @Test
    void verifyRestoredNamesEachTableWhoseRowsDifferFromTheBackup() throws Exception {
        Snapshot snapshot = agent.backup("pg-5", location("helpdesk", "pg.pw"), ProgressListener.NONE);
        RestoreSpec spec = alternate("rs-5", "helpdesk_checked");
        RestoredData restored = agent.restore(location("helpdesk", "pg.pw"), snapshot, spec, ProgressListener.NONE);
        try {
            execute("helpdesk_checked", "delete from tickets where id = 7");
            execute("helpdesk_checked", "drop table \"AuditLog\"");

            Verification verification = agent.verifyRestored(location("helpdesk", "pg.pw"), snapshot, spec, restored);

            assertThat(verification.ok()).isFalse();
            assertThat(verification.detail()).contains("\"public\".\"tickets\" has 399 rows, 400 at backup time",
                    "\"public\".\"AuditLog\" is missing").doesNotContain("customers");
        } finally {
            agent.discard(location("helpdesk", "pg.pw"), spec);
        }
    }

    @Test
    void inPlaceRestoresBesideProductionThenSwitchesInByRenameAndBack() throws Exception {
        execute("postgres", "create database helpdesk_live template helpdesk");
        execute("postgres", "create role helpdesk_app");
        execute("helpdesk_live", "alter table customers owner to helpdesk_app");
        SourceLocation live = location("helpdesk_live", "pg.pw");
        Map<String, String> backedUp = tableContents("helpdesk_live");
        Snapshot snapshot = agent.backup("pg-6", live, ProgressListener.NONE);
        execute("helpdesk_live", "delete from tickets where id > 100");
        Map<String, String> damaged = tableContents("helpdesk_live");
        RestoreSpec spec = new RestoreSpec("rs-6", RestoreMode.IN_PLACE, Map.of(), List.of(), null);
        InPlaceDatabases names = InPlaceDatabases.of("helpdesk_live", "rs-6");
        assertThat(names.restored()).matches("helpdesk_live_restore_[0-9a-f]{10}");
        assertThat(names.aside()).matches("helpdesk_live_pre_restore_[0-9a-f]{10}");

        RestoredData restored = agent.restore(live, snapshot, spec, ProgressListener.NONE);

        assertThat(restored.location()).isEqualTo(names.restored());
        assertThat(tableContents(names.restored())).isEqualTo(backedUp);
        assertThat(tableContents("helpdesk_live")).as("production untouched before the switch").isEqualTo(damaged);
        assertThat(agent.verifyRestored(live, snapshot, spec, restored).ok()).isTrue();

        try (Connection application = server.connect("helpdesk_live")) {
            agent.switchIn(live, spec, restored);
            assertThat(application.isValid(2)).as("the application's session was ended").isFalse();
        }
        agent.switchIn(live, spec, restored);
        assertThat(tableContents("helpdesk_live")).isEqualTo(backedUp);
        assertThat(tableContents(names.aside())).isEqualTo(damaged);
        assertThat(databases()).doesNotContain(names.restored());
        assertThat(query("helpdesk_live", "select tableowner from pg_tables where tablename = 'customers'"))
                .as("owners kept in place").isEqualTo("helpdesk_app");

        agent.switchBack(live, spec, restored, null);
        agent.switchBack(live, spec, restored, null);
        assertThat(tableContents("helpdesk_live")).isEqualTo(damaged);
        assertThat(tableContents(names.restored())).isEqualTo(backedUp);
        assertThat(databases()).doesNotContain(names.aside());

        agent.switchIn(live, spec, restored);
        agent.discard(live, spec);
        assertThat(tableContents("helpdesk_live")).isEqualTo(backedUp);
        assertThat(databases()).doesNotContain(names.restored(), names.aside());
        assertThatThrownBy(() -> agent.switchBack(live, spec, restored, null))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("cannot switch back").hasMessageContaining(names.aside() + " is missing");
        assertThatThrownBy(() -> agent.restore(live, snapshot, new RestoreSpec("rs-7", RestoreMode.IN_PLACE, Map.of(),
                List.of("public.tickets"), null), ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("not paths [public.tickets]");
    }

    @Test
    void aRepeatedBackupReturnsTheEarlierSnapshotAndDeleteRemovesIt() throws Exception {
        Snapshot first = agent.backup("pg-2", location("helpdesk", "pg.pw"), ProgressListener.NONE);
        execute("helpdesk", "insert into \"AuditLog\" (entry) values ('{\"later\": true}')");

        Snapshot again = agent.backup("pg-2", location("helpdesk", "pg.pw"), ProgressListener.NONE);

        assertThat(again).isEqualTo(first);
        Path backupDir = storage.resolve("pgdump/tickets-db/pg-2");
        List<Path> files = agent.files(location("helpdesk", "pg.pw"), first);
        assertThat(files).as("data first, manifest last").hasSize(4).last().isEqualTo(backupDir.resolve("manifest.json"));
        assertThat(files.subList(0, 3)).containsExactlyInAnyOrder(backupDir.resolve("database.dump"),
                backupDir.resolve("globals.sql"), backupDir.resolve("row-counts.json"));
        agent.delete(location("helpdesk", "pg.pw"), first);
        assertThat(agent.files(location("helpdesk", "pg.pw"), first)).isEmpty();
        assertThat(storage.resolve("pgdump/tickets-db/pg-2")).doesNotExist();
        agent.delete(location("helpdesk", "pg.pw"), first);
        assertThat(agent.verify(location("helpdesk", "pg.pw"), first).ok()).isFalse();
    }

    @Test
    void verifyCatchesADamagedDumpAndNoRestoreStartsFromIt() throws Exception {
        Snapshot snapshot = agent.backup("pg-3", location("helpdesk", "pg.pw"), ProgressListener.NONE);

        Path dump = storage.resolve("pgdump/tickets-db/pg-3/database.dump");
        byte[] bytes = Files.readAllBytes(dump);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dump, bytes);
        Verification damaged = agent.verify(location("helpdesk", "pg.pw"), snapshot);
        assertThat(damaged.ok()).isFalse();
        assertThat(damaged.detail()).contains("database.dump has SHA-256");
        Map<String, String> production = tableContents("helpdesk");
        RestoreSpec inPlace = new RestoreSpec("rs-3", RestoreMode.IN_PLACE, Map.of(), List.of(), null);
        assertThatThrownBy(() -> agent.restore(location("helpdesk", "pg.pw"), snapshot, inPlace, ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("is damaged");
        assertThat(databases()).doesNotContain(InPlaceDatabases.of("helpdesk", "rs-3").restored());
        assertThat(tableContents("helpdesk")).isEqualTo(production);
    }

    @Test
    void aWrongPasswordOrAnUnknownDatabaseFailsClearlyAndLeavesNoBackup() {
        assertThatThrownBy(() -> agent.backup("pg-4", location("helpdesk", "wrong.pw"), ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("password authentication failed for user \"postgres\"")
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> agent.backup("pg-4", location("no_such_db", "pg.pw"), ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("database \"no_such_db\" does not exist");
        assertThat(storage.resolve("pgdump/tickets-db/pg-4")).doesNotExist();
    }

    @Test
    void validateNamesEveryBadSetting() {
        assertThat(agent.validate(Map.of("port", "http", "database", "host=evil dbname=x", "globals", "yes",
                "passwordRef", "hunter2")))
                .containsExactlyInAnyOrder("host is required", "user is required",
                        "port must be a whole number from 1 to 65535",
                        "database must be a database name, not a connection string or an option",
                        "globals must be true or false",
                        "passwordRef is not a secret reference; use ${env:NAME} or ${file:/path/to/file}");
    }

    /** Per table: row count and an MD5 of its rows in a fixed order, so any lost or changed row shows. */
    private static Map<String, String> tableContents(String database) throws Exception {
        Map<String, String> contents = new LinkedHashMap<>();
        try (Connection db = server.connect(database); Statement statement = db.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet result = statement.executeQuery("select count(*) || ' rows, md5 '"
                        + " || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from " + table + " t")) {
                    result.next();
                    contents.put(table, result.getString(1));
                }
            }
        }
        return contents;
    }

    private static RestoreSpec alternate(String restoreId, String database) {
        return new RestoreSpec(restoreId, RestoreMode.ALTERNATE, Map.of("database", database), List.of(), null);
    }

    private static List<String> databases() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection db = server.connect("postgres"); Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("select datname from pg_database")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    private static String query(String database, String sql) throws Exception {
        try (Connection db = server.connect(database); Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void execute(String database, String sql) throws Exception {
        try (Connection db = server.connect(database); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
