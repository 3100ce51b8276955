package io.lifeboat.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.backup.agent.RestoreSpecs;
import io.lifeboat.backup.agent.Sha256;
import io.lifeboat.catalog.CatalogFixture;
import io.lifeboat.catalog.CatalogLoader;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.catalog.ServiceDefinition;

/**
 * The demo ticket database's own drill checks on its data backed up and restored by the real files agent (and restic),
 * then damaged as a bad restore would leave it.
 */
class RestoredFileChecksTest {

    static final Path RUNBOOKS = Path.of("runbooks").toAbsolutePath();

    static ServiceDefinition ticketDb;

    @TempDir
    Path dir;

    final FilesAgent files = new FilesAgent();
    final RestoredDataChecks checks = new RestoredDataChecks(Duration.ofMinutes(1));
    SourceLocation source;
    Snapshot snapshot;
    Path restored;

    @BeforeAll
    static void demoCatalog() {
        ticketDb = new CatalogLoader(List.of(new FilesAgent()), CatalogFixture.STORAGE).load(RUNBOOKS).require("ticket-db");
    }

    @BeforeEach
    void backUpAndRestoreTheTicketData() throws Exception {
        DataSource tickets = ticketDb.dataSources().get(0);
        source = new SourceLocation("ticket-db", tickets.name(), tickets.settings(), RUNBOOKS,
                Files.createDirectories(dir.resolve("storage")), BackupMethod.FULL);
        snapshot = files.backup("bk-1", source, ProgressListener.NONE);
        restored = dir.resolve("restored");
        files.restore(source, snapshot, RestoreSpecs.alternate("rs-1", restored), ProgressListener.NONE);
    }

    private RestoredSource restoredTickets(List<String> paths) {
        return new RestoredSource(files, source, snapshot, new RestoredData(restored.toString(), null, null, null), paths);
    }

    private List<CheckResult> runTicketDbChecks(RestoredSource... sources) {
        return checks.run(ticketDb.drillChecks(), List.of(sources));
    }

    @Test
    void theDemoChecksPassOnTheRestoredTicketData() throws Exception {
        assertThat(Files.readAllLines(RUNBOOKS.resolve("demo-data/ticket-db/tickets.csv"))).as("a header and 200 tickets")
                .hasSize(201);

        List<CheckResult> results = runTicketDbChecks(restoredTickets(List.of()));

        assertThat(results).extracting(CheckResult::name).containsExactly(
                "fileChecksum tickets.csv", "fileChecksum schema.sql", "rowCount tickets.csv");
        assertThat(results).allSatisfy(result -> assertThat(result.passed()).as(result.evidence()).isTrue());
        assertThat(results).extracting(CheckResult::type).containsExactly("fileChecksum", "fileChecksum", "rowCount");
        assertThat(results.get(0).evidence()).isEqualTo("tickets.csv in data source tickets: SHA-256 "
                + sha256(RUNBOOKS.resolve("demo-data/ticket-db/tickets.csv")) + " as backup bk-1 recorded");
        assertThat(results.get(2).evidence()).isEqualTo(
                "tickets.csv in data source tickets has 200 data lines (its header line not counted), 200 expected");
    }

    @Test
    void aChangedFileFailsNamingTheChecksumExpectedAndFound() throws Exception {
        String recorded = sha256(restored.resolve("tickets.csv"));
        List<String> lines = Files.readAllLines(restored.resolve("tickets.csv"));
        Files.write(restored.resolve("tickets.csv"), lines.subList(0, lines.size() - 1));

        List<CheckResult> results = runTicketDbChecks(restoredTickets(List.of()));

        assertThat(results.get(0).failed()).isTrue();
        assertThat(results.get(0).evidence()).isEqualTo("tickets.csv in data source tickets differs from its backup:"
                + " SHA-256 expected " + recorded + " (recorded by backup bk-1), found " + sha256(restored.resolve("tickets.csv")));
        assertThat(results.get(1).passed()).as("schema.sql is intact").isTrue();
        assertThat(results.get(2).failed()).isTrue();
        assertThat(results.get(2).evidence()).isEqualTo("tickets.csv in data source tickets has 199 data lines"
                + " (its header line not counted), 200 expected: 1 missing");
    }

    @Test
    void aMissingFileFailsSayingItIsMissing() throws Exception {
        Files.delete(restored.resolve("schema.sql"));

        CheckResult schema = runTicketDbChecks(restoredTickets(List.of())).get(1);
        CheckResult named = checks.run(List.of(new DrillCheck(DrillCheck.FILE_CHECKSUM,
                Map.of("path", "schema.sql", "dataSource", "tickets"))), List.of(restoredTickets(List.of()))).get(0);

        assertThat(schema.failed()).isTrue();
        assertThat(schema.evidence()).isEqualTo("file schema.sql is missing from the restored data of data source tickets ("
                + restored + "), though its backup holds it");
        assertThat(named).extracting(CheckResult::failed, CheckResult::evidence).containsExactly(true,
                "file schema.sql is missing from the restored data of data source tickets (" + restored + ")");
    }

    @Test
    void dataTheRestoreLeftOutIsSkippedNotPassed() throws Exception {
        List<CheckResult> leftOut = runTicketDbChecks(RestoredSource.notRestored(files, source, snapshot));

        assertThat(leftOut).allSatisfy(result -> assertThat(result).extracting(CheckResult::passed, CheckResult::skipped,
                CheckResult::failed).containsExactly(false, true, false));
        assertThat(leftOut.get(0).evidence())
                .isEqualTo("skipped: data source tickets, whose backup holds tickets.csv, was not restored");

        // an alternate restore of schema.sql alone: the tickets are not there, on purpose
        Files.delete(restored.resolve("tickets.csv"));
        List<CheckResult> schemaOnly = runTicketDbChecks(restoredTickets(List.of("schema.sql")));

        assertThat(schemaOnly).extracting(CheckResult::skipped).containsExactly(true, false, true);
        assertThat(schemaOnly.get(1).passed()).isTrue();
        assertThat(schemaOnly.get(0).evidence())
                .isEqualTo("skipped: tickets.csv is not among the paths restored of data source tickets (schema.sql)");
    }

    @Test
    void aNamedDataSourceIsTheOneRead() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("tickets.csv"), "id\n1\n");
        SourceLocation otherSource = new SourceLocation("ticket-db", "archive", Map.of("path", other.toString()), RUNBOOKS,
                dir.resolve("storage"), BackupMethod.FULL);
        RestoredSource archive = new RestoredSource(files, otherSource, files.backup("bk-2", otherSource, ProgressListener.NONE),
                new RestoredData(other.toString(), null, null, null), List.of());
        DrillCheck count = new DrillCheck(DrillCheck.ROW_COUNT, Map.of("file", "tickets.csv", "expected", 200));
        DrillCheck namedCount = new DrillCheck(DrillCheck.ROW_COUNT,
                Map.of("file", "tickets.csv", "expected", 200, "dataSource", "tickets", "name", "all tickets back"));

        List<CheckResult> results = checks.run(List.of(count, namedCount), List.of(archive, restoredTickets(List.of())));

        assertThat(results.get(0).evidence()).as("unnamed: the first data source holding the file")
                .isEqualTo("tickets.csv in data source archive has 1 data line (its header line not counted), 200 expected:"
                        + " 199 missing");
        assertThat(results.get(1)).extracting(CheckResult::name, CheckResult::passed).containsExactly("all tickets back", true);
    }

    @Test
    void dataLinesAreRecordsNotLineBreaks() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(exports.resolve("notes.csv"), "id,text\r\n1,\"two\nlines, \"\"quoted\"\"\"\r\n2,plain\r\n\r\n");
        Files.writeString(exports.resolve("chat.jsonl"), "{\"n\": 1}\n{\"n\": 2}\n\n{\"n\": 3}");
        RestoredSource restoredExports = new RestoredSource(files, source, snapshot,
                new RestoredData(exports.toString(), null, null, null), List.of());

        List<CheckResult> results = checks.run(List.of(
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("file", "notes.csv", "expected", 2)),
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("file", "chat.jsonl", "expected", 3))), List.of(restoredExports));

        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "notes.csv in data source tickets has 2 data lines (its header line not counted), 2 expected",
                "chat.jsonl in data source tickets has 3 data lines, 3 expected");
    }

    @Test
    void aFileNoBackupHoldsFailsAndSoDoesABadCheck() {
        List<CheckResult> results = checks.run(List.of(
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of("path", "tickets.json")),
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of("path", "../../etc/passwd")),
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of()),
                new DrillCheck("md5", Map.of("path", "tickets.csv")),
                new DrillCheck(null, Map.of())), List.of(restoredTickets(List.of())));

        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "file tickets.json is missing from the restored data: it is in no restored data source (tickets in "
                        + restored + ") and in no backup of this restore",
                "path ../../etc/passwd leaves the restored data",
                "setting 'path' is missing",
                "unknown check type 'md5'; known: fileChecksum, sql, rowCount, referentialIntegrity",
                "unknown check type 'null'; known: fileChecksum, sql, rowCount, referentialIntegrity");
    }

    @Test
    void anAgentThatRecordedNoChecksumFailsTheChecksumSayingSo() throws Exception {
        ResticAgent restic = new ResticAgent("/usr/bin/restic");
        SourceLocation resticSource = new SourceLocation("ticket-db", "tickets", Map.of("paths", List.of("demo-data/ticket-db"),
                "passwordRef", "${file:secrets/ticket-db-restic.password}"), RUNBOOKS, dir.resolve("storage"), BackupMethod.INCREMENTAL);
        Snapshot resticSnapshot = restic.backup("bk-3", resticSource, ProgressListener.NONE);
        Path resticRestored = dir.resolve("restic-restored");
        restic.restore(resticSource, resticSnapshot, RestoreSpecs.alternate("rs-3", resticRestored), ProgressListener.NONE);

        List<CheckResult> results = runTicketDbChecks(new RestoredSource(restic, resticSource, resticSnapshot,
                new RestoredData(resticRestored.toString(), null, null, null), List.of()));

        assertThat(results.get(0).failed()).isTrue();
        assertThat(results.get(0).evidence()).isEqualTo("the restic agent recorded no SHA-256 for tickets.csv in backup "
                + resticSnapshot.snapshotId() + ", so the restored file cannot be compared with it");
        assertThat(results.get(2).passed()).as("counting needs no checksum").isTrue();
    }

    private static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.of(in);
        }
    }
}
