package io.lifeboat.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
                "tickets intact", "schema intact", "all 200 tickets", "open ticket 1042");
        assertThat(results).allSatisfy(result -> assertThat(result.passed()).as(result.evidence()).isTrue());
        assertThat(results).extracting(CheckResult::type).containsExactly("fileChecksum", "fileChecksum", "rowCount", "script");
        assertThat(results.get(0).evidence()).isEqualTo("tickets.csv in data source tickets: SHA-256 "
                + Sha256.of(RUNBOOKS.resolve("demo-data/ticket-db/tickets.csv")) + " as backup bk-1 recorded");
        assertThat(results.get(2).evidence()).isEqualTo(
                "tickets.csv in data source tickets has 200 data lines (its header line not counted), 200 expected");
        assertThat(results.get(3).evidence()).isEqualTo("script hooks/ticket-db-open-ticket.groovy (SHA-256 "
                + Sha256.of(RUNBOOKS.resolve("hooks/ticket-db-open-ticket.groovy")) + ") on data sources tickets returned"
                + " ticket 1042 'Account locked' found, open");
    }

    @Test
    void theDemoScriptFailsWhenItsTicketIsGoneOrChanged() throws Exception {
        Path tickets = restored.resolve("tickets.csv");
        List<String> lines = Files.readAllLines(tickets);
        Files.write(tickets, lines.stream().map(line -> line.replace("1042,2026-01-15T08:06:00Z,adent,operators,P1,open,",
                "1042,2026-01-15T08:06:00Z,adent,operators,P1,closed,")).toList());
        CheckResult closed = runTicketDbChecks(restoredTickets(List.of())).get(3);
        Files.write(tickets, lines.stream().filter(line -> !line.startsWith("1042,")).toList());
        CheckResult gone = runTicketDbChecks(restoredTickets(List.of())).get(3);
        CheckResult schemaOnly = runTicketDbChecks(restoredTickets(List.of("schema.sql"))).get(3);

        assertThat(closed).extracting(CheckResult::failed, CheckResult::evidence).asString()
                .endsWith("failed: ticket 1042 is closed, it was open when the demo data was made]");
        assertThat(gone).extracting(CheckResult::failed, CheckResult::evidence).asString()
                .endsWith("failed: ticket 1042 is not in the restored tickets.csv]");
        assertThat(schemaOnly).extracting(CheckResult::skipped, CheckResult::evidence).containsExactly(true,
                "skipped: script hooks/ticket-db-open-ticket.groovy reads the service's restored data as a whole, and this"
                        + " restore left part of it out: tickets (only schema.sql)");
    }

    @Test
    void aReferencesCheckBetweenJsonExportsNamesTheOrphanRecords() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        // a JSON array as ServiceNow's JSON export writes it, and JSON lines with the reference inside an object
        Files.writeString(exports.resolve("cmdb_ci.json"), "[" + IntStream.rangeClosed(1, 10).filter(i -> i != 3 && i != 7)
                .mapToObj(i -> "{\"sys_id\": \"ci" + i + "\", \"name\": \"server " + i + "\"}")
                .collect(Collectors.joining(",\n")) + "]");
        Files.writeString(exports.resolve("cmdb_rel_ci.jsonl"), IntStream.rangeClosed(1, 10)
                .mapToObj(i -> "{\"sys_id\": \"rel" + i + "\", \"parent\": {\"value\": \"ci" + i + "\"}, \"child\": \"ci"
                        + (i % 10 + 1) + "\"}")
                .collect(Collectors.joining("\n")) + "\n{\"sys_id\": \"rel11\", \"parent\": {\"value\": \"\"}, \"child\": null}\n");
        RestoredSource restoredExports = new RestoredSource(files, source, snapshot,
                new RestoredData(exports.toString(), null, null, null), List.of());

        List<CheckResult> results = checks.run(List.of(
                new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "parents exist", "file", "cmdb_rel_ci.jsonl",
                        "field", "parent.value", "references", "cmdb_ci.json:sys_id", "key", "sys_id")),
                new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "children exist", "file", "cmdb_rel_ci.jsonl",
                        "field", "child", "references", "cmdb_ci.json:sys_id")),
                new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "CIs of CIs", "file", "cmdb_ci.json",
                        "field", "sys_id", "references", "cmdb_ci.json:sys_id"))), List.of(restoredExports));

        assertThat(results).extracting(CheckResult::passed, CheckResult::evidence).containsExactly(
                tuple(false, "cmdb_rel_ci.jsonl in data source tickets parent.value -> cmdb_ci.json:sys_id (8 distinct"
                        + " values): 2 of 10 records with a parent.value reference no existing record; the first orphans:"
                        + " sys_id=rel3 -> parent.value=ci3, sys_id=rel7 -> parent.value=ci7"),
                tuple(false, "cmdb_rel_ci.jsonl in data source tickets child -> cmdb_ci.json:sys_id (8 distinct values): 2"
                        + " of 10 records with a child reference no existing record; the first orphans: record 2 ->"
                        + " child=ci3, record 6 -> child=ci7"),
                tuple(true, "cmdb_ci.json in data source tickets sys_id -> cmdb_ci.json:sys_id (8 distinct values): all 8"
                        + " records with a sys_id reference an existing record"));
    }

    @Test
    void aReferencesCheckOfSeveralFieldsNamesTheOrphansOfEach() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(exports.resolve("cmdb_ci.jsonl"), "{\"sys_id\": \"ci1\"}\n{\"sys_id\": \"ci2\"}\n");
        Files.writeString(exports.resolve("cmdb_rel_ci.jsonl"), """
                {"sys_id": "rel1", "parent": "ci1", "child": "ci2"}
                {"sys_id": "rel2", "parent": "ci2", "child": "ci9"}
                {"sys_id": "rel3", "parent": "ci1", "child": ""}
                """);
        DrillCheck relations = new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "relations", "file", "cmdb_rel_ci.jsonl",
                "fields", List.of("parent", "child"), "references", "cmdb_ci.jsonl:sys_id", "key", "sys_id"));

        CheckResult result = checks.run(List.of(relations), List.of(new RestoredSource(files, source, snapshot,
                new RestoredData(exports.toString(), null, null, null), List.of()))).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).isEqualTo("cmdb_rel_ci.jsonl in data source tickets parent ->"
                + " cmdb_ci.jsonl:sys_id (2 distinct values): all 3 records with a parent reference an existing record;"
                + " cmdb_rel_ci.jsonl in data source tickets child -> cmdb_ci.jsonl:sys_id (2 distinct values): 1 of 2"
                + " records with a child reference no existing record; the first orphans: sys_id=rel2 -> child=ci9");
    }

    @Test
    void aJsonFileThatIsNotJsonFailsTheReferencesCheckSayingWhere() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(exports.resolve("cmdb_ci.json"), "[{\"sys_id\": \"ci1\"},\n{\"sys_id\": ");
        Files.writeString(exports.resolve("cmdb_rel_ci.jsonl"), "{\"parent\": \"ci1\"}\n");

        CheckResult result = checks.run(List.of(new DrillCheck(DrillCheck.REFERENCES, Map.of("name", "parents exist",
                "file", "cmdb_rel_ci.jsonl", "field", "parent", "references", "cmdb_ci.json:sys_id"))),
                List.of(new RestoredSource(files, source, snapshot, new RestoredData(exports.toString(), null, null, null),
                        List.of()))).get(0);

        assertThat(result.failed()).isTrue();
        assertThat(result.evidence()).startsWith("cmdb_ci.json is neither JSON lines nor a JSON array: Unexpected end-of-input")
                .endsWith("at line 2, column 12");
    }

    @Test
    void aSearchInFilesCountsTheFilesThatHoldTheTerm() throws Exception {
        Path knowledgeBase = RUNBOOKS.resolve("demo-data/knowledge-base");
        RestoredSource articles = new RestoredSource(files, source, snapshot,
                new RestoredData(knowledgeBase.toString(), null, null, null), List.of());

        List<CheckResult> results = checks.run(List.of(
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "vpn how-tos", "term", "vpn", "path", "howto/**.md",
                        "minMatches", 2)),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "vpn anywhere", "term", "VPN", "path", "", "minMatches", 3)),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "vpn policy", "term", "VPN", "path", "policies")),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "gone", "term", "VPN", "path", "archive/*.md")),
                new DrillCheck(DrillCheck.SEARCH, Map.of("name", "outside", "term", "root", "path", "../../../etc"))),
                List.of(articles));

        assertThat(results).extracting(CheckResult::passed, CheckResult::evidence).containsExactly(
                tuple(true, "'vpn' in 2 of 3 files of howto/**.md in data source tickets, 2 at least expected; the first:"
                        + " howto/vpn/connect.md, howto/vpn/troubleshooting.md"),
                tuple(false, "'VPN' in 2 of 5 files of  in data source tickets, 3 at least expected; the first:"
                        + " howto/vpn/connect.md, howto/vpn/troubleshooting.md"),
                tuple(false, "'VPN' in 0 of 1 files of policies in data source tickets, 1 at least expected"),
                tuple(false, "path archive/ is missing from the restored data (" + knowledgeBase + ")"),
                tuple(false, "path ../../../etc leaves the restored data"));
    }

    @Test
    void aSearchOfTheWholeKnowledgeBaseIsSkippedWhenOnlySomeFilesWereRestored() {
        RestoredSource oneArticle = new RestoredSource(files, source, snapshot,
                new RestoredData(RUNBOOKS.resolve("demo-data/knowledge-base").toString(), null, null, null),
                List.of("howto/vpn/connect.md"));

        CheckResult result = checks.run(List.of(new DrillCheck(DrillCheck.SEARCH, Map.of("name", "vpn how-tos", "term", "vpn",
                "path", "howto/**.md", "minMatches", 2))), List.of(oneArticle)).get(0);

        assertThat(result).extracting(CheckResult::skipped, CheckResult::evidence).containsExactly(true, "skipped: the restore"
                + " brought back only howto/vpn/connect.md of data source tickets, and howto/**.md is searched as a whole");
    }

    @Test
    void aChangedFileFailsNamingTheChecksumExpectedAndFound() throws Exception {
        String recorded = Sha256.of(restored.resolve("tickets.csv"));
        List<String> lines = Files.readAllLines(restored.resolve("tickets.csv"));
        Files.write(restored.resolve("tickets.csv"), lines.subList(0, lines.size() - 1));

        List<CheckResult> results = runTicketDbChecks(restoredTickets(List.of()));

        assertThat(results.get(0).failed()).isTrue();
        assertThat(results.get(0).evidence()).isEqualTo("tickets.csv in data source tickets differs from its backup:"
                + " SHA-256 expected " + recorded + " (recorded by backup bk-1), found " + Sha256.of(restored.resolve("tickets.csv")));
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
                Map.of("name", "schema", "path", "schema.sql", "dataSource", "tickets"))), List.of(restoredTickets(List.of())))
                .get(0);

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

        assertThat(schemaOnly).extracting(CheckResult::skipped).containsExactly(true, false, true, true);
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
        DrillCheck count = new DrillCheck(DrillCheck.ROW_COUNT,
                Map.of("name", "first tickets", "file", "tickets.csv", "expected", 200));
        DrillCheck namedCount = new DrillCheck(DrillCheck.ROW_COUNT,
                Map.of("file", "tickets.csv", "expected", 200, "dataSource", "tickets", "name", "all tickets back"));

        List<CheckResult> results = checks.run(List.of(count, namedCount), List.of(archive, restoredTickets(List.of())));

        assertThat(results.get(0).evidence()).as("without dataSource: the first data source holding the file")
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
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "notes", "file", "notes.csv", "expected", 2)),
                new DrillCheck(DrillCheck.ROW_COUNT, Map.of("name", "chat", "file", "chat.jsonl", "expected", 3))),
                List.of(restoredExports));

        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "notes.csv in data source tickets has 2 data lines (its header line not counted), 2 expected",
                "chat.jsonl in data source tickets has 3 data lines, 3 expected");
    }

    @Test
    void aFileNoBackupHoldsFailsAndSoDoesABadCheck() {
        List<CheckResult> results = checks.run(List.of(
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of("name", "json", "path", "tickets.json")),
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of("name", "passwords", "path", "../../etc/passwd")),
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of("name", "no path")),
                new DrillCheck("md5", Map.of("name", "md5", "path", "tickets.csv")),
                new DrillCheck(null, Map.of("name", "no type")),
                new DrillCheck(DrillCheck.FILE_CHECKSUM, Map.of("path", "tickets.csv"))), List.of(restoredTickets(List.of())));

        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isTrue());
        assertThat(results).extracting(CheckResult::evidence).containsExactly(
                "file tickets.json is missing from the restored data: it is in no restored data source (tickets in "
                        + restored + ") and in no backup of this restore",
                "path ../../etc/passwd leaves the restored data",
                "setting 'path' is missing",
                "unknown check type 'md5'; known: fileChecksum, sql, rowCount, references, foreignKeys, amcheck, search, script",
                "unknown check type 'null'; known: fileChecksum, sql, rowCount, references, foreignKeys, amcheck, search, script",
                "setting 'name' is missing");
        assertThat(results.get(5).name()).isEqualTo("unnamed fileChecksum");
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
}
