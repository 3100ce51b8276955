package io.lifeboat.backup;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.lifeboat.FullStackTest;
import io.lifeboat.audit.AuditCheckpointer;
import io.lifeboat.security.Roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Lifeboat as a user meets it: the HTTP API with demo users, the real catalog loader on a test catalog
 * ({@code src/test/runbooks}), the engine with its job executor, the in-process agent worker, the real files and
 * restic agents, the audit trail and the metrics. Subclasses choose the database.
 */
@FullStackTest
@AutoConfigureObservability
abstract class BackupFullStackTest {

    private static final String RELEASE_QUIESCE = "lifeboat.test.release-quiesce";
    /** Lets the thaw hook of the test service {@code broken} succeed. */
    private static final String SNAPSHOT_API_REACHABLE = "lifeboat.test.snapshot-api-reachable";
    private static final Duration FINISH = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;
    @Autowired
    BackupService backups;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    Environment environment;
    @Autowired
    IdentityService identity;
    @Autowired
    AuditCheckpointer checkpointer;
    @Autowired
    BackupRepository records;

    @AfterEach
    void releaseSlowBackups() {
        System.setProperty(RELEASE_QUIESCE, "true");
        System.clearProperty(SNAPSHOT_API_REACHABLE);
    }

    @Test
    void operatorBacksUpAServiceThatIsVerifiedRecordedAndAudited() throws Exception {
        String id = request("operator", "notes", "before the wiki upgrade");

        Map<String, Object> backup = awaitFinished(id);

        assertThat(backup).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("service", "notes").containsEntry("agent", "files").containsEntry("trigger", "manual")
                .containsEntry("initiator", "operator").containsEntry("reason", "before the wiki upgrade")
                .containsEntry("error", null).containsEntry("snapshotId", id);
        assertThat(((Number) backup.get("fileCount")).longValue()).isEqualTo(3);
        assertThat(backup.get("startedAt")).isNotNull();
        assertThat(backup.get("finishedAt")).isNotNull();
        Path archive = storage().resolve("notes/files/articles/" + id + ".tar.gz");
        assertThat(((Number) backup.get("bytes")).longValue()).isEqualTo(Files.size(archive));
        assertThat(backup.get("checksum")).isEqualTo(sha256(archive));

        assertThat(auditActions("backup/" + id)).containsExactly("backup.requested", "backup.started", "backup.succeeded");
        checkpointer.checkpoint();
        Map<String, Object> verification = get("auditor", "/api/audit/verify").getBody();
        assertThat(verification).containsEntry("valid", true).containsEntry("firstBrokenId", null)
                .containsEntry("checkpointedEventsMissing", 0).containsEntry("problems", List.of());
        assertThat(((Number) verification.get("checkpointedUpTo")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(verification.get("checkpointedAt")).isNotNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId((String) backup.get("processInstanceId"))
                .activityId(BackupRunbook.Element.BackupSucceeded.id()).count()).isEqualTo(1);
    }

    @Test
    void resticBackupIsCheckedAndCounted() {
        String id = request("operator", "vault", "nightly check");

        Map<String, Object> backup = awaitFinished(id);

        assertThat(backup).containsEntry("status", "SUCCEEDED").containsEntry("verified", true).containsEntry("agent", "restic");
        assertThat((String) backup.get("snapshotId")).matches("[0-9a-f]{64}");
        assertThat(((Number) backup.get("fileCount")).longValue()).isEqualTo(2);
    }

    @Test
    void aFilesBackupListsWhatItHoldsWithTheChecksumsOfTheRealFiles() throws Exception {
        String id = succeeded("notes");

        Map<String, Object> all = get("auditor", "/api/backups/" + id + "/files").getBody();

        assertThat(all).containsEntry("backupId", id).containsEntry("service", "notes").containsEntry("truncated", false)
                .containsEntry("unlisted", List.of());
        List<Map<String, Object>> files = files(all);
        assertThat(files).extracting(file -> file.get("path"))
                .containsExactly("guides/diagram.png", "guides/vpn.md", "restart-mail.md");
        Path source = Path.of("src/test/runbooks/data/notes");
        for (Map<String, Object> file : files) {
            Path real = source.resolve((String) file.get("path"));
            assertThat(file).containsEntry("dataSource", "articles").containsEntry("type", "file")
                    .containsEntry("sha256", sha256(real));
            assertThat(((Number) file.get("size")).longValue()).isEqualTo(Files.size(real));
        }

        Map<String, Object> guides = get("operator", "/api/backups/" + id + "/files?prefix=guides/v").getBody();
        assertThat(files(guides)).extracting(file -> file.get("path"))
                .containsExactly("guides/vpn.md");
        assertThat(get("approver", "/api/backups/" + id + "/files").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aResticBackupListsItsSnapshotBelowTheSourcePath() throws Exception {
        String id = succeeded("vault");

        Map<String, Object> listing = get("commander", "/api/backups/" + id + "/files").getBody();

        assertThat(listing).containsEntry("service", "vault").containsEntry("truncated", false);
        Path source = Path.of("src/test/runbooks/data/vault");
        assertThat(files(listing)).extracting(file -> file.get("dataSource"),
                        file -> file.get("path"), file -> ((Number) file.get("size")).longValue(), file -> file.get("sha256"),
                        file -> file.get("type"))
                .containsExactly(tuple("tickets", "schema.sql", Files.size(source.resolve("schema.sql")), null, "file"),
                        tuple("tickets", "tickets.csv", Files.size(source.resolve("tickets.csv")), null, "file"));
        assertThat(files(get("commander", "/api/backups/" + id + "/files?prefix=tickets").getBody()))
                .extracting(file -> file.get("path")).containsExactly("tickets.csv");
    }

    @Test
    void listingTheFilesOfAnUnknownFailedOrDeletedBackupOrWithABadPrefixIsRefusedNamingWhy() {
        assertThat(get("operator", "/api/backups/bk-nothing/files").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        String failed = request("operator", "half-frozen", "weekly");
        awaitFinished(failed);
        ResponseEntity<Map<String, Object>> ofFailed = get("operator", "/api/backups/" + failed + "/files");
        assertThat(ofFailed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) ofFailed.getBody().get("detail")).contains(failed, "FAILED", "quiesce hook of half-frozen failed");

        String deleted = succeeded("notes");
        records.markDeleted(deleted, Instant.now());
        ResponseEntity<Map<String, Object>> ofDeleted = get("operator", "/api/backups/" + deleted + "/files");
        assertThat(ofDeleted.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) ofDeleted.getBody().get("detail")).contains(deleted, "was deleted");

        ResponseEntity<Map<String, Object>> tooLong = get("operator", "/api/backups/" + deleted + "/files?prefix=" + "a".repeat(1001));
        assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) tooLong.getBody().get("detail")).contains("prefix");
        URI withNul = http.getRestTemplate().getUriTemplateHandler()
                .expand("/api/backups/{id}/files?prefix={prefix}", deleted, "guides\0");
        ResponseEntity<Map<String, Object>> nul = http.withBasicAuth("operator", "operator")
                .exchange(withNul, HttpMethod.GET, null, new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(nul.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) nul.getBody().get("detail")).contains("prefix");
    }

    @Test
    void oneBackupPerServiceAtATime() {
        System.setProperty(RELEASE_QUIESCE, "false");
        String first = request("operator", "slow", "first");
        assertThat(get("operator", "/api/backups/" + first).getBody()).containsEntry("status", "RUNNING");

        ResponseEntity<Map<String, Object>> second = post("commander", "/api/backups", Map.of("service", "slow", "reason", "second"));
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getBody()).containsEntry("runningBackupId", first);
        assertThat((String) second.getBody().get("detail")).contains(first, "still running");

        BackupService.Outcome tick = backups.request("slow", BackupTrigger.SCHEDULE, "scheduled", BackupScheduler.INITIATOR);
        assertThat(tick).isEqualTo(new BackupService.Outcome.AlreadyRunning(first));
        assertThat(auditEvents("/api/audit/events?service=slow")).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "backup.skipped").containsEntry("trigger", "schedule")
                .containsEntry("actor", BackupScheduler.INITIATOR));

        System.setProperty(RELEASE_QUIESCE, "true");
        assertThat(awaitFinished(first)).containsEntry("status", "SUCCEEDED");
        assertThat(post("operator", "/api/backups", Map.of("service", "slow", "reason", "third")).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
    }

    @Test
    void manualBackupInsideABlackoutWindowIsRefusedNamingIt() {
        int recordsBefore = getList("operator", "/api/backups?service=blackout").getBody().size();
        ResponseEntity<Map<String, Object>> refused = post("operator", "/api/backups", Map.of("service", "blackout", "reason", "try"));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("error", "blackout window");
        assertThat((String) refused.getBody().get("detail")).contains("blackout is in blackout window", "emergency backups may proceed");
        assertThat(getList("operator", "/api/backups?service=blackout").getBody()).hasSize(recordsBefore);
        List<Map<String, Object>> trail = auditEvents("/api/audit/events?service=blackout");
        assertThat(trail.subList(trail.size() - 2, trail.size())).extracting(event -> event.get("action"), event -> event.get("actor"))
                .containsExactly(tuple("backup.requested", "operator"), tuple("backup.refused", "operator"));
    }

    @Test
    void emergencyBackupOfAnIncidentOverridesTheWindowAndTheAuditSaysSo() {
        assertThat(post("operator", "/api/incidents", Map.of("service", "blackout", "severity", "info", "title", "disk errors"))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        String incident = (String) post("commander", "/api/incidents",
                Map.of("service", "blackout", "severity", "info", "title", "disk errors")).getBody().get("id");
        String path = "/api/incidents/" + incident + "/emergency-backups";
        assertThat(post("operator", path, Map.of("justification", "disk failing")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map<String, Object>> unjustified = post("commander", path, Map.of());
        assertThat(unjustified.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) unjustified.getBody().get("detail")).contains("justification");

        ResponseEntity<Map<String, Object>> started = post("commander", path, Map.of("justification", "disk failing"));

        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) started.getBody().get("backupId");
        assertThat(awaitFinished(id)).containsEntry("status", "SUCCEEDED").containsEntry("trigger", "emergency")
                .containsEntry("incidentId", incident).containsEntry("storageTarget", "local").containsEntry("deletedAt", null)
                .containsEntry("initiator", "commander").containsEntry("reason", "incident " + incident + ": disk failing");
        assertThat(auditEvents("/api/audit/events?subject=backup/" + id)).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "backup.started").containsEntry("actor", "commander")
                .hasEntrySatisfying("detail", detail -> assertThat((String) detail).contains("overrode blackout window")));
        assertThat(auditEvents("/api/audit/events?subject=incident/" + incident)).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "incident.emergency-backup").containsEntry("actor", "commander")
                .containsEntry("reason", "disk failing").containsEntry("detail", "backup " + id));
    }

    @Test
    void unhealthyServiceFailsWithTheReason() {
        String id = request("operator", "unhealthy", "weekly");

        Map<String, Object> backup = awaitFinished(id);

        assertThat(backup).containsEntry("status", "FAILED").containsEntry("verified", false);
        assertThat((String) backup.get("error")).contains("health check of unhealthy returned false");
        assertThat(auditActions("backup/" + id)).containsExactly("backup.requested", "backup.started", "backup.failed");
        assertThat(getList("operator", "/api/backups?service=unhealthy&status=FAILED").getBody()).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStepOutOfRetriesStaysAnIncidentTheRecordSaysFailedAndTheServiceIsFreeForTheNextBackup() {
        String id = request("operator", "broken", "weekly");
        String processInstance = (String) get("operator", "/api/backups/" + id).getBody().get("processInstanceId");

        // while the engine retries the step, the record says so, with the step and the error
        Map<String, Object> retrying = await().atMost(FINISH).until(() -> get("operator", "/api/backups/" + id).getBody(),
                answer -> "RETRYING".equals(answer.get("state")));
        assertThat(retrying).containsEntry("status", "RUNNING");
        assertThat((Map<String, Object>) retrying.get("retrying")).containsEntry("step", "Thaw")
                .hasEntrySatisfying("lastError", error -> assertThat((String) error).contains("snapshot API of broken unreachable"))
                .hasEntrySatisfying("retriesLeft", left -> assertThat(((Number) left).intValue()).isPositive())
                .containsKey("nextAttemptAt");
        assertThat(getList("operator", "/api/backups?service=broken").getBody())
                .anySatisfy(listed -> assertThat(listed).containsEntry("id", id).containsEntry("state", "RETRYING"));

        Job thaw = failAllRetries(processInstance);

        Map<String, Object> backup = get("operator", "/api/backups/" + id).getBody();
        assertThat(backup).containsEntry("status", "FAILED").containsEntry("state", "FAILED").containsEntry("retrying", null);
        assertThat(backup).containsEntry("failedStep", "Thaw");
        assertThat((String) backup.get("error")).contains("snapshot API of broken unreachable");

        // the failed backup let go of its service: the next one runs (once reproduced: refused as "still running")
        ResponseEntity<Map<String, Object>> next = post("operator", "/api/backups", Map.of("service", "broken", "reason", "again"));
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String nextId = (String) next.getBody().get("id");
        assertThat(nextId).isNotEqualTo(id);

        // retrying the failed step while the next backup holds the service is refused, naming it
        assertThatThrownBy(() -> management.setJobRetries(thaw.getId(), 1))
                .hasMessageContaining("backup " + nextId + " of broken is running; retry " + id + " once it has finished");
        assertThat(runtime.createIncidentQuery().processInstanceId(processInstance).count()).isEqualTo(1);

        String nextInstance = (String) next.getBody().get("processInstanceId");
        failAllRetries(nextInstance);
        management.setJobRetries(thaw.getId(), 1);
        management.setJobDuedate(thaw.getId(), null);
        assertThat(post("operator", "/api/backups", Map.of("service", "broken", "reason", "third")).getBody())
                .as("the retried backup holds its service again").containsEntry("runningBackupId", id);

        // both end where an operator gives up: incidents first, so no job of theirs is running when they are deleted
        await().atMost(FINISH).until(() -> runtime.createIncidentQuery().processInstanceId(processInstance).count() == 1);
        runtime.deleteProcessInstance(nextInstance, "operator gave up");
        runtime.deleteProcessInstance(processInstance, "operator gave up");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedStepThatARetryMendsStaysOnRecordWithWhoRetriedIt() {
        String id = request("operator", "broken", "weekly");
        String processInstance = (String) get("operator", "/api/backups/" + id).getBody().get("processInstanceId");
        Job thaw = failAllRetries(processInstance);
        assertThat(get("operator", "/api/backups/" + id).getBody()).containsEntry("status", "FAILED");

        // the operator mends the cause and presses Retry in Cockpit, which sets the job's retries as that user
        System.setProperty(SNAPSHOT_API_REACHABLE, "true");
        identity.setAuthentication("operator", List.of(Roles.OPERATORS));
        try {
            management.setJobRetries(thaw.getId(), 1);
        } finally {
            identity.clearAuthentication();
        }
        management.setJobDuedate(thaw.getId(), null);
        Map<String, Object> backup = await().atMost(FINISH).until(() -> get("operator", "/api/backups/" + id).getBody(),
                answer -> "SUCCEEDED".equals(answer.get("status")));

        // succeeded, and its failure and the retry stay in its history and the audit trail
        assertThat(backup).containsEntry("verified", true).containsEntry("error", null).containsEntry("failedStep", null);
        List<Map<String, Object>> story = (List<Map<String, Object>>) backup.get("history");
        assertThat(story).extracting(event -> event.get("kind")).containsExactly("failed", "retried", "succeeded");
        assertThat(story.get(0)).containsEntry("step", "Thaw").containsEntry("actor", "system:backup")
                .hasEntrySatisfying("detail", detail -> assertThat((String) detail).contains("snapshot API of broken unreachable"));
        assertThat(story.get(1)).containsEntry("step", "Thaw").containsEntry("actor", "operator");
        List<Map<String, Object>> audit = getList("auditor", "/api/audit/events?subject=" + id).getBody();
        assertThat(audit).extracting(event -> event.get("action") + " by " + event.get("actor"))
                .containsSubsequence("backup.failed by operator", "backup.retried by operator", "backup.succeeded by operator");

        // when the agent read the data, apart from when the backup claimed its service
        Instant started = Instant.parse((String) backup.get("startedAt"));
        Instant captured = Instant.parse((String) backup.get("dataCapturedAt"));
        assertThat(captured).isAfterOrEqualTo(started).isBeforeOrEqualTo(Instant.parse((String) backup.get("finishedAt")));
    }

    @Test
    void aQuiesceThatFailsThawsAtOnceAndTheBackupFailsAtThatStep() {
        String thaws = "lifeboat.test.thaws.half-frozen";
        int before = Integer.getInteger(thaws, 0);
        String id = request("operator", "half-frozen", "weekly");

        Map<String, Object> backup = await().atMost(FINISH).until(() -> get("operator", "/api/backups/" + id).getBody(),
                answer -> "FAILED".equals(answer.get("status")));

        assertThat(backup).containsEntry("failedStep", "Quiesce").containsEntry("dataCapturedAt", null);
        assertThat((String) backup.get("error")).contains("quiesce hook of half-frozen failed", "snapshot API of half-frozen unreachable");
        assertThat(Integer.getInteger(thaws, 0)).as("thawed once, by the failure path").isEqualTo(before + 1);
        assertThat(runtime.createIncidentQuery().processInstanceId((String) backup.get("processInstanceId")).count()).isZero();
    }

    /** Lets the backup's failing job use up its retries at once, and waits for its Camunda incident. */
    private Job failAllRetries(String processInstance) {
        Job failing = await().atMost(FINISH).until(() -> management.createJobQuery().processInstanceId(processInstance)
                .withException().singleResult(), job -> job != null);
        management.setJobRetries(failing.getId(), 1);
        management.setJobDuedate(failing.getId(), null);
        await().atMost(FINISH).until(() -> runtime.createIncidentQuery().processInstanceId(processInstance).count() == 1);
        return failing;
    }

    @Test
    void badRequestsAreRefusedClearly() {
        ResponseEntity<Map<String, Object>> emergency = post("commander", "/api/backups",
                Map.of("service", "notes", "reason", "x", "trigger", "emergency"));
        assertThat(emergency.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) emergency.getBody().get("detail")).contains("/api/incidents/{id}/emergency-backups");

        ResponseEntity<Map<String, Object>> noReason = post("operator", "/api/backups", Map.of("service", "notes"));
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) noReason.getBody().get("detail")).contains("reason");

        ResponseEntity<Map<String, Object>> unknown = post("operator", "/api/backups", Map.of("service", "mainframe", "reason", "x"));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat((String) unknown.getBody().get("detail")).contains("mainframe");

        assertThat(post("auditor", "/api/backups", Map.of("service", "notes", "reason", "x")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.postForEntity("/api/backups", Map.of("service", "notes", "reason", "x"), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<Map<String, Object>> badStatus = get("operator", "/api/backups?status=DONE");
        assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) badStatus.getBody().get("detail")).contains("DONE", "SUCCEEDED");
        assertThat(get("operator", "/api/backups/bk-nothing").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(getList("operator", "/api/backups?service=notes&status=RUNNING").getBody()).isEmpty();
    }

    @Test
    void metricsCountBackupsAndTheAgeOfTheLastVerifiedOne() {
        awaitFinished(request("operator", "notes", "metrics"));

        String metrics = http.withBasicAuth("operator", "operator").getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("lifeboat_backups_total{outcome=\"succeeded\",service=\"notes\"}")
                .contains("lifeboat_backup_duration_seconds_count{outcome=\"succeeded\",service=\"notes\"}")
                .contains("lifeboat_backup_bytes_count{service=\"notes\"}")
                .containsPattern("lifeboat_backup_last_verified_age_seconds\\{service=\"notes\"} [0-9]")
                .contains("lifeboat_backup_last_verified_age_seconds{service=\"broken\"} NaN");
    }

    @Test
    void cockpitsEngineApiShowsTheRunbookAndItsInstances() {
        awaitFinished(request("operator", "notes", "cockpit"));

        assertThat(getList("operator", "/engine-rest/process-definition?key=backup").getBody()).hasSize(1);
        assertThat(get("auditor", "/engine-rest/history/process-instance/count?processDefinitionKey=backup").getBody())
                .hasEntrySatisfying("count", count -> assertThat(((Number) count).intValue()).isPositive());
    }

    private String request(String user, String service, String reason) {
        ResponseEntity<Map<String, Object>> response = post(user, "/api/backups", Map.of("service", service, "reason", reason));
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getBody()).containsKey("processInstanceId");
        return (String) response.getBody().get("id");
    }

    /** A backup of the service that succeeded. */
    private String succeeded(String service) {
        String id = request("operator", service, "to list its files");
        assertThat(awaitFinished(id)).containsEntry("status", "SUCCEEDED");
        return id;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Map<String, Object> listing) {
        return (List<Map<String, Object>>) listing.get("files");
    }

    private Map<String, Object> awaitFinished(String id) {
        return await().atMost(FINISH).pollInterval(Duration.ofMillis(200))
                .until(() -> get("operator", "/api/backups/" + id).getBody(), backup -> !"RUNNING".equals(backup.get("status")));
    }

    private List<String> auditActions(String subject) {
        return auditEvents("/api/audit/events?subject=" + subject).stream().map(event -> (String) event.get("action")).toList();
    }

    private List<Map<String, Object>> auditEvents(String path) {
        return getList("auditor", path).getBody();
    }

    private ResponseEntity<Map<String, Object>> post(String user, String path, Map<String, Object> body) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.POST,
                new HttpEntity<>(body), new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<Map<String, Object>> get(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }

    private ResponseEntity<List<Map<String, Object>>> getList(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }

    private Path storage() {
        return Path.of(environment.getRequiredProperty("lifeboat.storage.targets.local.path"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
