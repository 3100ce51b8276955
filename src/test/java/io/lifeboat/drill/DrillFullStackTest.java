package io.lifeboat.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.lifeboat.DemoApi;
import io.lifeboat.FullStackTest;
import io.lifeboat.PublishedEvents;

import static io.lifeboat.drill.DrillApi.checks;
import static io.lifeboat.drill.DrillApi.damage;
import static io.lifeboat.drill.DrillApi.teardown;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drills as users meet them, on a copy of the demo catalog (files agent): the HTTP API with the demo users, the
 * engine and its in-process agent worker, the restore runbook underneath, the audit trail, the metrics and the
 * service view. Subclasses choose the database.
 */
@FullStackTest
@AutoConfigureObservability
@Import(PublishedEvents.class)
abstract class DrillFullStackTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;
    @Autowired
    PublishedEvents events;
    DemoApi api;
    DrillApi drills;

    @BeforeEach
    void connect() {
        api = new DemoApi(http);
        drills = new DrillApi(http);
    }

    /** Call from the subclass's {@code @DynamicPropertySource}: its own data, demo catalog copy and sandboxes. */
    static void register(DynamicPropertyRegistry registry, String name) {
        DemoApi.registerDemoCopy(registry, name);
        try {
            Path sandboxes = Files.createTempDirectory("lifeboat-drills-" + name);
            registry.add("lifeboat.drill.sandbox-dir", sandboxes::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a sandbox that cannot be used is retried once, quickly, before the drill says inconclusive
        registry.add("lifeboat.worker.attempts", () -> "2");
        registry.add("lifeboat.worker.retry-backoff", () -> "PT0.2S");
    }

    @Test
    void aTicketDatabaseDrillPassesWithMeasuredObjectivesAReportAndAVerifiedService() throws Exception {
        String backupId = api.backedUp("ticket-db");

        ResponseEntity<Map<String, Object>> started = api.post("operator", "/api/drills", Map.of("service", "ticket-db"));
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) started.getBody().get("id");
        assertThat(started.getBody()).containsEntry("state", "running").containsEntry("reportUrl", "/api/drills/" + id + "/report");

        Map<String, Object> drill = drills.awaitFinished(id);
        assertThat(drill).as("%s", drill).containsEntry("verdict", "passed").containsEntry("backupId", backupId)
                .containsEntry("recoveryPoint", "latest").containsEntry("negativeControl", false)
                .containsEntry("requestedBy", "operator").containsEntry("trigger", "api");
        assertThat(((Number) drill.get("rtoSeconds")).longValue()).isNotNegative();
        assertThat(((Number) drill.get("rpoSeconds")).longValue()).isNotNegative();
        assertThat(drill.get("objectives")).isEqualTo(Map.of("rto", "PT4H", "rpo", "PT1H", "rtoMet", true, "rpoMet", true));
        assertThat(checks(drill)).extracting(check -> check.get("name") + ": " + check.get("passed"))
                .isNotEmpty().allMatch(line -> line.endsWith(": true"));
        assertThat(teardown(drill)).containsEntry("succeeded", true);
        Path sandbox = Path.of(environment.getRequiredProperty("lifeboat.drill.sandbox-dir"));
        assertThat(sandbox.resolve(id)).as("the sandbox is gone").doesNotExist();
        String restoreId = (String) drill.get("restoreId");
        assertThat(api.get("operator", "/api/restores/" + restoreId).getBody()).containsEntry("mode", "alternate")
                .containsEntry("state", "SUCCEEDED").containsEntry("safetyBackupId", null).containsEntry("approvedBy", null);

        ResponseEntity<byte[]> report = http.withBasicAuth("auditor", "auditor").getForEntity("/api/drills/" + id + "/report",
                byte[].class);
        assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(report.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        String html = new String(report.getBody(), StandardCharsets.UTF_8);
        assertThat(html).contains(id).contains("ticket-db").contains(backupId).containsIgnoringCase("passed");
        assertThat(sha256(report.getBody())).as("the printed report can be checked against the record")
                .isEqualTo(drill.get("reportSha256"));
        assertThat(api.auditEvents("drill/" + id)).extracting(event -> event.get("action") + " by " + event.get("actor"))
                .containsSubsequence("drill.requested by operator", "drill.restore-started by operator",
                        "drill.passed by system:drill");
        assertThat(api.auditEvents("drill/" + id)).anySatisfy(event ->
                assertThat((String) event.get("detail")).contains((String) drill.get("reportSha256")));

        Map<String, Object> service = api.get("auditor", "/api/services/ticket-db").getBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) service.get("drillState");
        assertThat(state).containsEntry("state", "verified");
        assertThat(state.get("lastDrill")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("id", id).containsEntry("verdict", "passed");
        String metrics = http.withBasicAuth("operator", "operator").getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).containsPattern("lifeboat_drills_total\\{service=\"ticket-db\",verdict=\"passed\"} [1-9]")
                .containsPattern("lifeboat_drill_last_passed_age_seconds\\{service=\"ticket-db\"} \\d");

        // every drill of ticket-db so far (another test of this class may have drilled it too) as if proven otherwise
        String fingerprint = jdbc.queryForObject("select catalog_fingerprint from drill_run where id = ?", String.class, id);
        jdbc.update("update drill_run set catalog_fingerprint = 'an entry since changed' where service = 'ticket-db'");
        assertThat(drills.drillState("ticket-db")).as("the catalog entry changed since")
                .containsEntry("state", "needs-verifying");
        jdbc.update("update drill_run set catalog_fingerprint = ?, finished_at = ? where service = 'ticket-db'", fingerprint,
                Timestamp.from(Instant.now().minus(Duration.ofDays(200))));
        assertThat(drills.drillState("ticket-db")).as("more than a quarter ago").containsEntry("state", "overdue");
    }

    @Test
    void aBackupWithOneFlippedByteFailsTheDrillNamingWhy() throws Exception {
        String backupId = api.backedUp("identity");
        Path archive = archiveOf(backupId);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(archive, bytes);

        Map<String, Object> drill = drills.awaitFinished(drills.started("operator", Map.of("service", "identity",
                "backupId", backupId)));

        assertThat(drill).as("%s", drill).containsEntry("verdict", "failed").containsEntry("recoveryPoint", "backup");
        assertThat((String) drill.get("reason")).startsWith("the restore failed at RestoreData: ")
                .contains(backupId).contains("the archive is damaged");
        assertThat(teardown(drill)).containsEntry("succeeded", true);
        Map<String, Object> task = drills.tasks().task("operator", (String) drill.get("id"));
        assertThat(task).as("a remediation task for the owner group").isNotNull()
                .containsEntry("taskDefinitionKey", DrillRunbook.Element.RemediateDrill.id());
    }

    @Test
    void aNegativeControlPassesWhenTheChecksSeeTheDamageDoneOnPurpose() {
        api.backedUp("identity");

        Map<String, Object> drill = drills.awaitFinished(drills.started("commander", Map.of("service", "identity",
                "negativeControl", true)));

        assertThat(drill).as("%s", drill).containsEntry("verdict", "passed").containsEntry("negativeControl", true);
        assertThat(damage(drill)).singleElement().satisfies(done -> assertThat(done).containsEntry("dataSource", "directory")
                .containsEntry("kind", SandboxDamage.REMOVED_FILE).containsEntry("object", "directory.ldif"));
        assertThat(checks(drill)).singleElement().satisfies(check -> assertThat(check).containsEntry("passed", false)
                .extractingByKey("evidence").asString().contains("directory.ldif"));
        assertThat(drill.get("rtoSeconds")).as("a negative control measures no recovery").isNull();
        assertThat(drills.drillState("identity")).as("its checks were shown to see loss")
                .containsEntry("checksSeeLoss", true);
    }

    @Test
    void aMissedRpoFailsTheDrillAndTheOwnerGroupRecordsWhatWasDone() throws IOException {
        // a backup whose data was read 13 hours ago, of files last changed before that (the restore verifies both)
        Path exports = runbooksDir().resolve("demo-data/chat-log");
        try (Stream<Path> files = Files.walk(exports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(14))));
            }
        }
        String backupId = api.backedUp("chat-log");
        jdbc.update("update backup set data_captured_at = ? where id = ?", Timestamp.from(Instant.now().minus(Duration.ofHours(13))),
                backupId);

        String id = drills.started("operator", Map.of("service", "chat-log"));
        Map<String, Object> drill = drills.awaitFinished(id);

        assertThat(drill).as("%s", drill).containsEntry("verdict", "failed");
        assertThat((String) drill.get("reason")).startsWith("RPO 13 h").endsWith("over objective PT12H");
        assertThat(drill.get("objectives")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("rpoMet", false).containsEntry("rtoMet", true);
        assertThat(finished(id)).as("what a connector opens a ticket with").singleElement()
                .returns("chat-log", DrillFinished::service).returns("failed", DrillFinished::verdict)
                .returns(drill.get("reason"), DrillFinished::findings).returns(((Number) drill.get("rtoSeconds")).longValue(),
                        DrillFinished::rtoSeconds)
                .returns("/api/drills/" + id + "/report", DrillFinished::reportUrl).returns(false, DrillFinished::raisedToOperators);
        Map<String, Object> task = drills.awaitTask("operator", id);
        assertThat(drills.tasks().deployedForm("operator", task)).contains("remediationNote");
        assertThat(drills.tasks().completeRefused("operator", task, Map.of("remediationNote", " ")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        drills.tasks().complete("operator", task, Map.of("remediationNote", "backups of chat-log were stuck; unstuck"));
        assertThat(api.auditEvents("drill/" + id)).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "drill.remediation").containsEntry("actor", "operator")
                .containsEntry("reason", "backups of chat-log were stuck; unstuck"));
        assertThat(drills.drillState("chat-log").get("state")).isNotEqualTo("verified");
    }

    @Test
    void aSandboxThatCannotBeUsedIsInconclusiveRetriedOnceAndThenRaisedToOperators() throws IOException {
        api.backedUp("knowledge-base");
        Path sandbox = Path.of(environment.getRequiredProperty("lifeboat.drill.sandbox-dir"));
        Path moved = sandbox.resolveSibling(sandbox.getFileName() + ".moved");
        Files.move(sandbox, moved);
        Files.writeString(sandbox, "a file where the sandboxes should go");
        try {
            String first = drills.started("operator", Map.of("service", "knowledge-base"));
            Map<String, Object> drill = drills.awaitFinished(first);
            assertThat(drill).as("%s", drill).containsEntry("verdict", "inconclusive");
            assertThat((String) drill.get("reason")).startsWith("the sandbox could not be used");

            Map<String, Object> retry = drills.awaitFinishedRetryOf("knowledge-base", first);
            assertThat(retry).containsEntry("verdict", "inconclusive").containsEntry("trigger", "retry");
            Map<String, Object> task = drills.awaitTask("operator", (String) retry.get("id"));
            assertThat(task).containsEntry("taskDefinitionKey", DrillRunbook.Element.ReviewInconclusive.id());
            assertThat(finished(first)).singleElement().returns("inconclusive", DrillFinished::verdict)
                    .returns(false, DrillFinished::raisedToOperators);
            assertThat(finished((String) retry.get("id"))).as("the retry, inconclusive again, is raised to operators")
                    .singleElement().returns(true, DrillFinished::raisedToOperators);
            assertThat(drills.list("knowledge-base")).as("an inconclusive drill is never retried twice").hasSize(2);
            assertThat(drills.drillState("knowledge-base").get("state")).isNotEqualTo("verified");
        } finally {
            Files.delete(sandbox);
            Files.move(moved, sandbox);
        }
    }

    private List<DrillFinished> finished(String drillId) {
        return events.of(DrillFinished.class).stream().filter(drill -> drillId.equals(drill.drillId())).toList();
    }

    @Test
    void aRandomRecoveryPointDrillsOneOfTheVerifiedBackupsOfTheLastThirtyDays() {
        List<String> backups = List.of(api.backedUp("ticket-db"), api.backedUp("ticket-db"));

        Map<String, Object> drill = drills.awaitFinished(drills.started("operator", Map.of("service", "ticket-db",
                "recoveryPoint", "random")));

        assertThat(drill).as("%s", drill).containsEntry("verdict", "passed").containsEntry("recoveryPoint", "random");
        assertThat((String) drill.get("backupId")).startsWith("bk-ticket-db-");
        assertThat(api.getList("operator", "/api/backups?service=ticket-db&status=SUCCEEDED").getBody())
                .extracting(backup -> backup.get("id")).contains(drill.get("backupId")).containsAll(backups);
    }

    @Test
    void aRequestThatCannotBeCarriedOutIsRefusedNamingTheFieldAndLeavesNothingBehind() {
        String backupId = api.backedUp("identity");
        long before = jdbc.queryForObject("select count(*) from drill_run", Long.class);

        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "recoveryPoint", "sometimes"),
                "recoveryPoint 'sometimes' is not one of latest, random");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "backupId", backupId,
                "pointInTime", "2026-01-01T00:00:00Z"), "give backupId alone");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "pointInTime", "yesterday"),
                "pointInTime 'yesterday' is no ISO-8601 instant");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "chat-log", "backupId", backupId),
                "backupId: backup " + backupId + " is of service identity, not chat-log");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of(), "service is required");
        assertRefused(HttpStatus.NOT_FOUND, Map.of("service", "identity", "backupId", "bk-nothing"), "no backup 'bk-nothing'");
        assertRefused(HttpStatus.NOT_FOUND, Map.of("service", "mainframe"), "mainframe");
        assertThat(api.post("auditor", "/api/drills", Map.of("service", "identity")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("approver", "/api/drills", Map.of("service", "identity")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(jdbc.queryForObject("select count(*) from drill_run", Long.class)).isEqualTo(before);

        String first = drills.started("operator", Map.of("service", "identity"));
        assertRefused(HttpStatus.CONFLICT, Map.of("service", "identity"), "drill " + first + " of identity is still running");
        assertThat(drills.awaitFinished(first)).containsEntry("verdict", "passed");
        assertThat(api.get("operator", "/api/drills?verdict=maybe").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("operator", "/api/drills/dr-nothing").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private void assertRefused(HttpStatus status, Map<String, Object> request, String detail) {
        ResponseEntity<Map<String, Object>> answer = api.post("operator", "/api/drills", request);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(status);
        assertThat((String) answer.getBody().get("detail")).contains(detail);
    }

    /** The files agent's archive of the backup in the local storage target. */
    private Path archiveOf(String backupId) throws IOException {
        Path backups = Path.of(environment.getRequiredProperty("lifeboat.storage.targets.local.path"));
        try (Stream<Path> files = Files.walk(backups)) {
            return files.filter(file -> file.getFileName().toString().startsWith(backupId + ".tar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no archive of " + backupId + " under " + backups));
        }
    }

    private Path runbooksDir() {
        return Path.of(environment.getRequiredProperty("lifeboat.runbooks-dir"));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
