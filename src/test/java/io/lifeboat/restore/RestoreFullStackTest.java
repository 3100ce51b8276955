package io.lifeboat.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import io.lifeboat.DemoApi;
import io.lifeboat.FullStackTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restores as users meet them, on a copy of the demo catalog whose data the tests damage: the HTTP API with the demo
 * users, the engine and its in-process agent worker, the real files agent, the audit trail and the metrics.
 * Subclasses choose the database.
 */
@FullStackTest
@AutoConfigureObservability
abstract class RestoreFullStackTest {

    private static final Duration FINISH = Duration.ofSeconds(90);

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;
    DemoApi api;

    @BeforeEach
    void connect() {
        api = new DemoApi(http);
    }

    @Test
    void aCorruptedTicketDatabaseComesBackInPlaceByteForByteOnceACommanderApproves() throws Exception {
        Path data = runbooksDir().resolve("demo-data/ticket-db");
        Map<String, String> original = checksums(data);
        String backupId = api.backedUp("ticket-db");
        Files.writeString(data.resolve("tickets.csv"), "id,subject\n1,overwritten by a broken import\n");
        String corrupted = sha256(data.resolve("tickets.csv"));

        Map<String, Object> started = api.post("operator", "/api/restores", Map.of("service", "ticket-db",
                "target", Map.of("mode", "in-place"), "reason", "a broken import overwrote the tickets")).getBody();
        assertThat(started).containsEntry("state", "AWAITING_APPROVAL");
        String id = (String) started.get("id");
        assertThat(api.post("operator", "/api/restores/" + id + "/decision", Map.of("approve", true)).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(sha256(data.resolve("tickets.csv"))).as("nothing happens before the approval").isEqualTo(corrupted);
        ResponseEntity<Map<String, Object>> approved = api.post("commander", "/api/restores/" + id + "/decision",
                Map.of("approve", true, "comment", "restore the last verified backup"));
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

        Map<String, Object> restore = awaitFinished(id);
        assertThat(restore).as("%s", restore).containsEntry("state", "SUCCEEDED").containsEntry("backupId", backupId)
                .containsEntry("requestedBy", "operator").containsEntry("approvedBy", "commander")
                .containsEntry("mode", "in-place").containsEntry("error", null);
        assertThat(checksums(data)).isEqualTo(original);
        assertThat(((Number) restore.get("rtoSeconds")).longValue()).isNotNegative();
        assertThat(((Number) restore.get("rpoSeconds")).longValue()).isNotNegative();
        assertThat(restore.get("recoveredTo")).isNotNull();
        assertThat(restore.get("approvalWaitSeconds")).isNotNull();
        assertThat(restore.get("objectives")).isEqualTo(Map.of("rto", "PT4H", "rpo", "PT1H", "rtoMet", true, "rpoMet", true));
        assertThat((List<?>) restore.get("checks")).hasSize(4);

        String safetyBackup = (String) restore.get("safetyBackupId");
        Map<String, Object> safety = api.get("operator", "/api/backups/" + safetyBackup).getBody();
        assertThat(safety).containsEntry("trigger", "pre-restore").containsEntry("status", "SUCCEEDED");
        assertThat(fileSha256(safetyBackup, "tickets.csv")).as("the safety backup holds the state before the restore")
                .isEqualTo(corrupted);
        assertThat(api.getList("commander", "/api/holds").getBody()).anySatisfy(hold ->
                assertThat(hold).containsEntry("backupIds", List.of(safetyBackup)).containsEntry("placedBy", "system:restore"));
        assertThat(runbooksDir().resolve("demo-data/ticket-db.pre-restore-" + id)).isDirectory();

        assertThat(api.auditEvents("restore/" + id)).extracting(event -> event.get("action") + " by " + event.get("actor"))
                .containsSubsequence("restore.requested by operator", "restore.approved by commander",
                        "restore.started by operator", "restore.safety-backup by system:restore", "restore.succeeded by operator");
        String metrics = http.withBasicAuth("operator", "operator").getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("lifeboat_restores_total{mode=\"in-place\",outcome=\"succeeded\",service=\"ticket-db\"} 1.0")
                .contains("lifeboat_restore_duration_seconds_count{service=\"ticket-db\"} 1");
    }

    @Test
    void oneDeletedKnowledgeBaseArticleComesBackThroughOneCallWithoutApproval() throws Exception {
        Path article = runbooksDir().resolve("demo-data/knowledge-base/howto/vpn/connect.md");
        byte[] before = Files.readAllBytes(article);
        String backupId = api.backedUp("knowledge-base");
        Files.delete(article);
        Path elsewhere = Files.createTempDirectory("lifeboat-kb-restore").resolve("kb");

        ResponseEntity<Map<String, Object>> started = api.post("operator", "/api/restores", Map.of("service", "knowledge-base",
                "backupId", backupId, "paths", List.of("howto/vpn/connect.md"), "reason", "an editor deleted the VPN article",
                "target", Map.of("mode", "alternate", "dataSources", Map.of("articles", Map.of("path", elsewhere.toString())))));
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(started.getBody()).containsEntry("state", "RUNNING");

        Map<String, Object> restore = awaitFinished((String) started.getBody().get("id"));
        assertThat(restore).as("%s", restore).containsEntry("state", "SUCCEEDED").containsEntry("approvedBy", null)
                .containsEntry("safetyBackupId", null).containsEntry("paths", List.of("howto/vpn/connect.md"));
        assertThat(elsewhere.resolve("howto/vpn/connect.md")).hasBinaryContent(before);
        try (Stream<Path> restored = Files.walk(elsewhere)) {
            assertThat(restored.filter(Files::isRegularFile).count()).as("only the article").isEqualTo(1);
        }
        assertThat(article).doesNotExist();
    }

    @Test
    void aPointInTimeRestoresTheNewestVerifiedBackupFinishedByThen() throws Exception {
        String older = api.backedUp("chat-log");
        String finished = (String) api.get("operator", "/api/backups/" + older).getBody().get("finishedAt");
        String newer = api.backedUp("chat-log");
        Path elsewhere = Files.createTempDirectory("lifeboat-pit").resolve("chat");

        ResponseEntity<Map<String, Object>> started = api.post("operator", "/api/restores", Map.of("service", "chat-log",
                "pointInTime", finished, "reason", "the chat as it was then",
                "target", Map.of("mode", "alternate", "dataSources", Map.of("exports", Map.of("path", elsewhere.toString())))));
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);

        Map<String, Object> restore = awaitFinished((String) started.getBody().get("id"));
        assertThat(restore).as("%s", restore).containsEntry("state", "SUCCEEDED").containsEntry("backupId", older)
                .containsEntry("pointInTime", finished);
        assertThat(restore.get("backupId")).isNotEqualTo(newer);
        assertThat(elsewhere.resolve("2026-01-05.jsonl")).exists();
    }

    @Test
    void aRequestThatCannotBeCarriedOutIsRefusedNamingTheFieldAndLeavesNothingBehind() {
        String backupId = api.backedUp("identity");
        long restoresBefore = count();

        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "reason", "x", "target", Map.of("mode", "sideways")),
                "target.mode 'sideways' is not one of in-place, alternate");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "reason", "x", "target", Map.of("mode", "in-place"),
                "pointInTime", "2999-01-01T00:00:00Z"), "pointInTime 2999-01-01T00:00:00Z is in the future");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "reason", "x", "target", Map.of("mode", "in-place"),
                "pointInTime", "2001-01-01T00:00:00Z"), "pointInTime 2001-01-01T00:00:00Z is older than every verified backup");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "chat-log", "reason", "x", "target", Map.of("mode", "in-place"),
                "backupId", backupId), "backupId: backup " + backupId + " is of service identity, not chat-log");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "reason", "x", "target", Map.of("mode", "in-place"),
                "paths", List.of("directory.ldif")), "paths: only an alternate restore brings back single files");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "reason", "x",
                "target", Map.of("mode", "alternate", "dataSources", Map.of("ldap", Map.of("path", "/tmp/x")))),
                "target.dataSources: identity has no data source 'ldap'");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "target", Map.of("mode", "in-place")),
                "reason is required");
        assertRefused(HttpStatus.BAD_REQUEST, Map.of("service", "identity", "reason", "x".repeat(1001),
                "target", Map.of("mode", "in-place")), "reason is 1001 characters long; at most 1000");
        assertRefused(HttpStatus.NOT_FOUND, Map.of("service", "identity", "reason", "x", "target", Map.of("mode", "in-place"),
                "backupId", "bk-nothing"), "no backup 'bk-nothing'");
        assertRefused(HttpStatus.NOT_FOUND, Map.of("service", "mainframe", "reason", "x", "target", Map.of("mode", "in-place")),
                "mainframe");
        assertThat(api.post("auditor", "/api/restores", Map.of("service", "identity", "reason", "x",
                "target", Map.of("mode", "in-place"))).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("approver", "/api/restores", Map.of("service", "identity", "reason", "x",
                "target", Map.of("mode", "in-place"))).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        api.backedUp("chat-log");
        jdbc.update("insert into service_claim (service, backup_id, claimed_at) values ('chat-log', 'bk-chat-log-now', ?)",
                Timestamp.from(Instant.now()));
        assertRefused(HttpStatus.CONFLICT, Map.of("service", "chat-log", "reason", "x", "target", Map.of("mode", "in-place")),
                "backup bk-chat-log-now of chat-log is running");
        jdbc.update("delete from service_claim where backup_id = 'bk-chat-log-now'");

        Map<String, Object> first = api.post("operator", "/api/restores", Map.of("service", "identity", "reason", "x",
                "target", Map.of("mode", "in-place"))).getBody();
        assertRefused(HttpStatus.CONFLICT, Map.of("service", "identity", "reason", "again", "target", Map.of("mode", "in-place")),
                "restore " + first.get("id") + " of identity is still open");
        assertThat(count()).as("only the one request that was carried out").isEqualTo(restoresBefore + 1);
        assertThat(api.post("commander", "/api/restores/" + first.get("id") + "/decision", Map.of("approve", false))
                .getBody()).containsEntry("detail", "a rejection needs a comment saying why");
        assertThat(api.post("commander", "/api/restores/" + first.get("id") + "/decision",
                Map.of("approve", false, "comment", "not needed")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(awaitFinished((String) first.get("id"))).containsEntry("state", "REJECTED")
                .containsEntry("decisionComment", "not needed");
    }

    private void assertRefused(HttpStatus status, Map<String, Object> request, String detail) {
        ResponseEntity<Map<String, Object>> answer = api.post("operator", "/api/restores", request);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(status);
        assertThat((String) answer.getBody().get("detail")).contains(detail);
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from restore_run", Long.class);
    }


    private Map<String, Object> awaitFinished(String id) {
        return await().atMost(FINISH).pollInterval(Duration.ofMillis(200)).until(() -> api.get("operator", "/api/restores/" + id)
                .getBody(), restore -> !List.of("RUNNING", "AWAITING_APPROVAL").contains(restore.get("state")));
    }

    @SuppressWarnings("unchecked")
    private String fileSha256(String backupId, String path) {
        Map<String, Object> listing = api.get("operator", "/api/backups/" + backupId + "/files?prefix=" + path).getBody();
        return ((List<Map<String, Object>>) listing.get("files")).stream().filter(entry -> path.equals(entry.get("path"))).map(entry -> (String) entry.get("sha256")).findFirst()
                .orElseThrow();
    }

    private Path runbooksDir() {
        return Path.of(environment.getRequiredProperty("lifeboat.runbooks-dir"));
    }





    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sums.put(dir.relativize(file).toString(), sha256(file));
            }
        }
        return sums;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
