package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.Hooks;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.check.CheckResult;

class DrillReportTest {

    private static final Instant STARTED = Instant.parse("2026-11-20T08:00:00Z");
    private static final ServiceDefinition TICKET_DB = service("Ticket database");
    private static final Map<String, Map<String, Object>> SANDBOX = Map.of(
            "tickets", Map.of("directory", "/var/lib/lifeboat/drills/dr-ticket-db-1/tickets"),
            "tickets-db", Map.of("database", "drill_dr_ticket_db_1", "server", "drill-pg"));
    private static final CheckResult ALL_TICKETS = new CheckResult("all tickets", "rowCount", true, false,
            "200 data lines in tickets.csv, expected 200", 41);
    private static final CheckResult TICKETS_INTACT = new CheckResult("tickets intact", "fileChecksum", true, false,
            "sha256 9f86d081884c7d65 as recorded", 1_250);

    private final DrillReport report = new DrillReport();

    @Test
    void aPassedDrillShowsWhatWasRestoredFromWhichBackupTheChecksAndTheFiguresAgainstTheObjectives() {
        String html = report.html(drill("dr-ticket-db-1", DrillVerdict.PASSED, "every check passed, RTO and RPO met",
                List.of(ALL_TICKETS, TICKETS_INTACT), 192L, 1_500L, true, true), TICKET_DB);

        assertThat(html).contains("<title>Restore drill dr-ticket-db-1</title>", "<h1>Restore drill dr-ticket-db-1</h1>",
                "<div class=\"verdict verdict-passed\">", "every check passed, RTO and RPO met",
                // the service, what was restored and where to, from which backup
                "Ticket database", "<code>ticket-db</code>", "<tr><th>tier</th><td>1</td></tr>",
                "<td>tickets</td><td>files</td>", "directory: /var/lib/lifeboat/drills/dr-ticket-db-1/tickets",
                "<td>tickets-db</td><td>pgdump</td>", "database: drill_dr_ticket_db_1",
                "<code>bk-ticket-db-20261120-0500</code>", "the backup's end", "latest: the newest verified backup",
                "2026-11-20T05:15:00Z", "<code>rs-ticket-db-drill-1</code>",
                // who and how
                "system:drills", "schedule: started by the drill policy",
                "No: the checks ran on the restored data as it came from the backup.",
                // each check with result, evidence and time
                "<td>all tickets</td><td><code>rowCount</code></td><td class=\"result-passed\">passed</td>"
                        + "<td class=\"evidence\">200 data lines in tickets.csv, expected 200</td><td class=\"nowrap\">41 ms</td>",
                "<td>tickets intact</td>", "sha256 9f86d081884c7d65 as recorded", "<td class=\"nowrap\">1.3 s</td>",
                // RTO 192 s of PT4H, RPO 25 min of PT1H: measured and objective, both met, with their bars
                "<strong>RTO</strong>: measured 3 min 12 s, objective PT4H (4 h): <span class=\"outcome-met\">met</span>",
                "<strong>RPO</strong>: measured 25 min, objective PT1H (1 h): <span class=\"outcome-met\">met</span>",
                "<rect x=\"90\" y=\"5\" width=\"4\" height=\"18\" class=\"bar-met\"/>",
                "<rect x=\"90\" y=\"5\" width=\"125\" height=\"18\" class=\"bar-met\"/>",
                "<rect x=\"90\" y=\"33\" width=\"300\" height=\"18\" class=\"bar-objective\"/>",
                // teardown and timings
                "sandbox removed: dropped database drill_dr_ticket_db_1, removed /var/lib/lifeboat/drills/dr-ticket-db-1",
                "<td>restore finished</td><td>2026-11-20T08:02:30Z</td><td>2 min 30 s</td>",
                "<td>drill finished</td><td>2026-11-20T08:03:30Z</td><td>3 min 30 s</td>");
    }

    @Test
    void aFailedDrillNamesTheFailedCheckWithItsEvidence() {
        CheckResult damaged = new CheckResult("tickets intact", "fileChecksum", false, false,
                "sha256 of tickets.csv is 5e2bf57d3f40c4b6, the backup recorded 9f86d081884c7d65", 900);
        String html = report.html(drill("dr-ticket-db-2", DrillVerdict.FAILED, "check tickets intact failed",
                List.of(ALL_TICKETS, damaged), null, 1_500L, null, true), TICKET_DB);

        assertThat(html).contains("<div class=\"verdict verdict-failed\">", "check tickets intact failed",
                "<td class=\"result-failed\">failed</td>",
                "sha256 of tickets.csv is 5e2bf57d3f40c4b6, the backup recorded 9f86d081884c7d65",
                // no RTO until every check passed: only the objective's bar
                "<strong>RTO</strong>: not measured, objective PT4H (4 h):"
                        + " <span class=\"outcome-not-measured\">not measured</span>",
                "<rect x=\"90\" y=\"5\" width=\"0\" height=\"18\" class=\"bar-not-measured\"/>");
    }

    @Test
    void aMissedObjectiveIsShownAgainstItsObjective() {
        long fiveHoursTwelve = Duration.ofHours(5).plusMinutes(12).toSeconds();
        String html = report.html(drill("dr-ticket-db-3", DrillVerdict.FAILED, "RTO 5h12m over objective PT4H",
                List.of(ALL_TICKETS), fiveHoursTwelve, 1_500L, false, true), TICKET_DB);

        assertThat(html).contains("RTO 5h12m over objective PT4H",
                "<strong>RTO</strong>: measured 5 h 12 min, objective PT4H (4 h): <span class=\"outcome-missed\">missed</span>",
                // the measured bar is the longer one now: the objective is drawn to its scale
                "<rect x=\"90\" y=\"5\" width=\"300\" height=\"18\" class=\"bar-missed\"/>",
                "<rect x=\"90\" y=\"33\" width=\"231\" height=\"18\" class=\"bar-objective\"/>");
    }

    @Test
    void anInconclusiveDrillSaysWhyAndWhatTheTeardownLeft() {
        DrillRecord inconclusive = withTeardown(drill("dr-ticket-db-4", DrillVerdict.INCONCLUSIVE,
                        "the sandbox server drill-pg did not answer: connection refused", List.of(), null, null, null, null),
                new DrillRecord.Teardown(false, "database drill_dr_ticket_db_4 could not be dropped: connection refused"));

        String html = report.html(inconclusive, TICKET_DB);

        assertThat(html).contains("<div class=\"verdict verdict-inconclusive\">",
                "the sandbox server drill-pg did not answer: connection refused", "<td colspan=\"5\">No check ran.</td>",
                "FAILED: sandbox left behind: database drill_dr_ticket_db_4 could not be dropped: connection refused");
    }

    @Test
    void aNegativeControlShowsTheDamageAndTheChecksThatSawIt() {
        CheckResult sawIt = new CheckResult("all tickets", "rowCount", false, false,
                "180 data lines in tickets.csv, expected 200", 38);
        DrillRecord drill = drill("dr-ticket-db-5", DrillVerdict.PASSED, "every damage was seen by a failing check",
                List.of(sawIt), null, 1_500L, null, true);
        DrillRecord negativeControl = new DrillRecord(drill.id(), drill.service(), drill.backupId(), drill.pointInTime(),
                drill.recoveryPoint(), true, "api", null, "operator", drill.restoreId(), drill.state(), drill.verdict(),
                drill.reason(), drill.sandbox(), List.of(new SandboxDamage("tickets", SandboxDamage.DELETED_ROWS,
                "tickets.csv", "deleted 20 of 200 lines of tickets.csv")), drill.checks(), drill.referenceTime(),
                drill.recoveredTo(), drill.rtoSeconds(), drill.rpoSeconds(), drill.objectives(), drill.timings(),
                drill.teardown(), drill.reportUrl(), null, drill.processInstanceId());

        String html = report.html(negativeControl, TICKET_DB);

        assertThat(html).contains("<div class=\"verdict verdict-passed\">", "every damage was seen by a failing check",
                "Yes: the sandbox copy was damaged on purpose after the restore.",
                "<td>tickets</td><td>deletedRows</td><td><code>tickets.csv</code></td>"
                        + "<td>deleted 20 of 200 lines of tickets.csv</td>",
                "<td class=\"result-failed\">failed</td>", "180 data lines in tickets.csv, expected 200",
                "operator", "api: asked for through the API");
    }

    @Test
    void hostileTextIsEscapedEverywhere() {
        String hostile = "<script>alert('x')</script>";
        CheckResult check = new CheckResult("\"><img src=x onerror=alert(1)>", "sql", false, false,
                "found " + hostile, 5);
        DrillRecord drill = drill("dr-ticket-db-6", DrillVerdict.FAILED, "reason " + hostile, List.of(check), null,
                1_500L, null, true);

        String html = report.html(drill, service("Tickets " + hostile));

        assertThat(html).doesNotContain("<script", "<img", "onerror=alert(1)>")
                .contains("Tickets &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
                        "reason &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
                        "&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;");
    }

    @Test
    void aPageOnItsOwn() {
        String html = report.html(drill("dr-ticket-db-1", DrillVerdict.PASSED, "passed", List.of(ALL_TICKETS), 192L,
                1_500L, true, true), TICKET_DB);

        // no script, nothing fetched from elsewhere, and styles for paper
        assertThat(html).doesNotContain("<script", "src=", "href=", "http://", "https://", "@import").contains("@media print");
    }

    @Test
    void aServiceThatLeftTheCatalogIsShownByItsId() {
        String html = report.html(drill("dr-ticket-db-7", DrillVerdict.PASSED, "passed", List.of(ALL_TICKETS), 192L,
                1_500L, true, true), null);

        assertThat(html).contains("(no longer in the catalog)", "<code>ticket-db</code>",
                "<tr><th>tier</th><td>unknown</td></tr>", "<td>tickets</td><td>unknown</td>");
    }

    @Test
    void theSameRecordGivesTheSameBytesAndTheirSha256() throws Exception {
        DrillRecord drill = drill("dr-ticket-db-1", DrillVerdict.PASSED, "passed", List.of(ALL_TICKETS, TICKETS_INTACT),
                192L, 1_500L, true, true);
        // the same record read back from JSON may hold its maps in another order
        Map<String, Map<String, Object>> reversed = new LinkedHashMap<>();
        reversed.put("tickets-db", new LinkedHashMap<>(Map.of("server", "drill-pg")));
        reversed.get("tickets-db").put("database", "drill_dr_ticket_db_1");
        reversed.put("tickets", SANDBOX.get("tickets"));
        Map<String, Map<String, Object>> inOrder = new LinkedHashMap<>();
        inOrder.put("tickets", SANDBOX.get("tickets"));
        inOrder.put("tickets-db", new LinkedHashMap<>(Map.of("database", "drill_dr_ticket_db_1")));
        inOrder.get("tickets-db").put("server", "drill-pg");

        String first = report.html(withSandbox(drill, inOrder), TICKET_DB);
        String second = new DrillReport().html(withSandbox(drill, reversed), TICKET_DB);

        assertThat(second).isEqualTo(first);
        assertThat(DrillReport.sha256(first)).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(first.getBytes(StandardCharsets.UTF_8))));
        // as sha256sum prints it for "é", two bytes in UTF-8
        assertThat(DrillReport.sha256("é")).isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    }

    private static DrillRecord drill(String id, DrillVerdict verdict, String reason, List<CheckResult> checks,
                                     Long rtoSeconds, Long rpoSeconds, Boolean rtoMet, Boolean rpoMet) {
        return new DrillRecord(id, "ticket-db", "bk-ticket-db-20261120-0500", null, DrillPolicy.LATEST, false, "schedule",
                null, "system:drills", "rs-ticket-db-drill-1", DrillRunState.FINISHED, verdict, reason, SANDBOX, List.of(),
                checks, STARTED, Instant.parse("2026-11-20T05:15:00Z"), rtoSeconds, rpoSeconds,
                new DrillRecord.Objectives("PT4H", "PT1H", rtoMet, rpoMet),
                new DrillRecord.Timings(STARTED, STARTED.plusSeconds(0), STARTED.plusSeconds(150), STARTED.plusSeconds(151),
                        STARTED.plusSeconds(192), STARTED.plusSeconds(210)),
                new DrillRecord.Teardown(true, "dropped database drill_dr_ticket_db_1, removed"
                        + " /var/lib/lifeboat/drills/dr-ticket-db-1"),
                "/api/drills/" + id + "/report", null, "pi-" + id);
    }

    private static DrillRecord withTeardown(DrillRecord drill, DrillRecord.Teardown teardown) {
        return new DrillRecord(drill.id(), drill.service(), drill.backupId(), drill.pointInTime(), drill.recoveryPoint(),
                drill.negativeControl(), drill.trigger(), drill.retryOf(), drill.requestedBy(), drill.restoreId(),
                drill.state(), drill.verdict(), drill.reason(), drill.sandbox(), drill.damage(), drill.checks(),
                drill.referenceTime(), drill.recoveredTo(), drill.rtoSeconds(), drill.rpoSeconds(), drill.objectives(),
                drill.timings(), teardown, drill.reportUrl(), drill.reportSha256(), drill.processInstanceId());
    }

    private static DrillRecord withSandbox(DrillRecord drill, Map<String, Map<String, Object>> sandbox) {
        return new DrillRecord(drill.id(), drill.service(), drill.backupId(), drill.pointInTime(), drill.recoveryPoint(),
                drill.negativeControl(), drill.trigger(), drill.retryOf(), drill.requestedBy(), drill.restoreId(),
                drill.state(), drill.verdict(), drill.reason(), sandbox, drill.damage(), drill.checks(),
                drill.referenceTime(), drill.recoveredTo(), drill.rtoSeconds(), drill.rpoSeconds(), drill.objectives(),
                drill.timings(), drill.teardown(), drill.reportUrl(), drill.reportSha256(), drill.processInstanceId());
    }

    private static ServiceDefinition service(String name) {
        return new ServiceDefinition("ticket-db", name, 1, "operators", Duration.ofHours(4), Duration.ofHours(1),
                Duration.ofDays(1), List.of(), List.of(new DataSource("tickets", "files", Map.of("path", "demo-data/ticket-db")),
                new DataSource("tickets-db", "pgdump", Map.of("host", "db1", "database", "tickets", "user", "backup"))),
                null, Hooks.NONE, List.of(), DrillPolicy.byDefault(1, List.of()), List.of(), null, "services/ticket-db.yaml");
    }
}
