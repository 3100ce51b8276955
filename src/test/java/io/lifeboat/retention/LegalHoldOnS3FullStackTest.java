package io.lifeboat.retention;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.VerificationException;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.storage.S3TargetSettings;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.lifeboat.storage.AwsObjectLockAnswers.error;
import static io.lifeboat.storage.AwsObjectLockAnswers.legalHold;
import static io.lifeboat.storage.AwsObjectLockAnswers.noRetention;
import static io.lifeboat.storage.AwsObjectLockAnswers.retainedUntil;
import static io.lifeboat.storage.AwsObjectLockAnswers.wormBucket;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Legal holds and deletion requests on a WORM target, with WireMock answering as AWS does: a hold sets S3's legal
 * hold on the held backups' objects and its release lifts it (unless another hold still covers them), a backup made
 * under a service hold gets it too, a hold S3 refuses is not placed, and a deletion request for a backup Object Lock
 * still protects is refused at once.
 */
@FullStackTest
class LegalHoldOnS3FullStackTest {

    private static final String BUCKET = "lifeboat-evidence";

    /** Started before the Spring context, which checks the WORM bucket at start-up. */
    private static final WireMockServer aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    static {
        aws.start();
        wormBucket(aws, BUCKET);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    BackupExecution execution;
    @Autowired
    BackupRepository backups;
    @Autowired
    BackupService backupService;
    @Autowired
    RuntimeService runtime;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws Exception {
        TestDataDirectory.register(registry, "legalhold-s3");
        S3TargetSettings.register(registry, "evidence", BUCKET, aws.port());
        registry.add("lifeboat.storage.targets.evidence.worm.mode", () -> "COMPLIANCE");
        registry.add("lifeboat.storage.targets.evidence.worm.retain-days", () -> "30");
    }

    @AfterAll
    static void stopAws() {
        aws.stop();
    }

    @Test
    void aHoldSetsTheLegalHoldOnItsBackupsObjectsAndTheLastReleaseLiftsIt() throws Exception {
        String held = backUpToEvidence();
        String other = backUpToEvidence();

        String first = place("commander", Map.of("backupIds", List.of(held), "caseRef", "CASE-11", "reason", "litigation"));
        assertLegalHold(held, "ON", 1);
        assertLegalHold(other, "ON", 0);
        assertThat(auditDetail("hold/" + first, "hold.placed")).endsWith("; S3 legal hold ON for 2 objects on target evidence");

        String second = place("approver", Map.of("backupIds", List.of(held), "caseRef", "CASE-12", "reason", "audit"));
        assertLegalHold(held, "ON", 2);
        assertThat(release("approver2", first).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertLegalHold(held, "OFF", 0);
        assertThat(auditDetail("hold/" + first, "hold.released")).as("the other hold still covers it")
                .doesNotContain("S3 legal hold");

        assertThat(release("approver2", second).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertLegalHold(held, "OFF", 1);
        assertThat(auditDetail("hold/" + second, "hold.released")).endsWith("; S3 legal hold OFF for 2 objects on target evidence");
    }

    @Test
    void aBackupMadeUnderAServiceHoldHasItsObjectsHeld() throws Exception {
        String hold = place("approver", Map.of("service", "notes", "caseRef", "CASE-13", "reason", "regulator inquiry"));

        String later = backUpToEvidence();

        assertLegalHold(later, "ON", 1);
        assertThat(auditDetail("backup/" + later, "hold.applied")).isEqualTo("S3 legal hold ON for 2 objects on target evidence");
        assertThat(release("approver2", hold).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertLegalHold(later, "OFF", 1);
    }

    @Test
    void aBackupOnATargetNoLongerConfiguredIsHeldByLifeboatAlone() {
        String backupId = "bk-retired-" + System.nanoTime();
        backups.claimAndInsert(new BackupRepository.NewBackup(backupId, "notes", "files", BackupTrigger.MANUAL, "operator",
                "written before the nas was retired", Instant.now(), null, null, "old-nas"));
        backups.releaseClaim(backupId);
        backups.markSucceeded(backupId, backupId, "full", 10, 1, "sha256:0", true, Instant.now());

        String hold = place("commander", Map.of("backupIds", List.of(backupId), "caseRef", "CASE-15", "reason", "litigation"));

        assertThat(auditDetail("hold/" + hold, "hold.placed")).endsWith(
                "; storage target old-nas is no longer configured, so its objects were not asked about");
        ResponseEntity<Map<String, Object>> refused = exchange("operator", HttpMethod.DELETE, "/api/backups/" + backupId,
                Map.of("reason", "space"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("error", "legal hold");
    }

    @Test
    void aHoldThatS3RefusesIsNotPlaced() throws Exception {
        String backupId = backUpToEvidence();
        StubMapping denied = aws.stubFor(put(urlPathEqualTo(path(archiveKey(backupId)))).withQueryParam("legal-hold", equalTo(""))
                .willReturn(error(403, "AccessDenied", "Access Denied")));
        int holdsBefore = getList("/api/holds").size();

        ResponseEntity<Map<String, Object>> refused;
        try {
            refused = exchange("commander", HttpMethod.POST, "/api/holds",
                    Map.of("backupIds", List.of(backupId), "caseRef", "CASE-14", "reason", "litigation"));
        } finally {
            // a service hold in another test covers this backup too
            aws.removeStub(denied);
        }

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(refused.getBody()).containsEntry("error", "storage unavailable").containsEntry("detail",
                "legal hold ON on s3://" + BUCKET + "/" + archiveKey(backupId) + " on storage target 'evidence' failed: "
                        + "403 AccessDenied: Access Denied");
        assertThat(getList("/api/holds")).as("nothing half-written").hasSize(holdsBefore);
        assertThat(getList("/api/audit/events?service=notes")).noneSatisfy(event -> assertThat(event)
                .containsEntry("action", "hold.placed").extractingByKey("detail").asString().contains(backupId));
    }

    @Test
    void aDeletionRequestForALockedBackupIsRefusedAtOnce() throws Exception {
        String locked = backUpToEvidence();
        String unlocked = backUpToEvidence();
        String retainUntil = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        retainedUntil(aws, BUCKET, archiveKey(locked), null, retainUntil);
        for (String key : List.of(archiveKey(unlocked), manifestKey(unlocked))) {
            noRetention(aws, BUCKET, key);
            legalHold(aws, BUCKET, key, null, "OFF");
        }

        ResponseEntity<Map<String, Object>> refused = exchange("operator", HttpMethod.DELETE, "/api/backups/" + locked,
                Map.of("reason", "wrong target"));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("error", "object lock").containsEntry("detail", "backup " + locked
                + " cannot be deleted: object s3://" + BUCKET + "/" + archiveKey(locked) + " is locked until " + retainUntil
                + " (COMPLIANCE)");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(locked).count()).isZero();
        assertThat(exchange("operator", HttpMethod.DELETE, "/api/backups/" + unlocked, Map.of("reason", "wrong target"))
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    /**
     * A notes backup written to the evidence target by the agent and uploaded, then recorded as the backup runbook
     * records it, which is where a hold on the service reaches the new backup.
     */
    private String backUpToEvidence() throws Exception {
        aws.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"6d1c8e1d0a3d4f0c9b1e0f5a2b3c4d5e\"")));
        String backupId = "bk-evidence-" + System.nanoTime();
        List<DataSourceSnapshot> made = new ArrayList<>();
        execution.backUp(backupId, "notes", "evidence", null, ProgressListener.NONE, made::add);
        backups.claimAndInsert(new BackupRepository.NewBackup(backupId, "notes", "files", BackupTrigger.MANUAL, "operator",
                "legal hold test", Instant.now(), null, null, "evidence"));
        backups.releaseClaim(backupId);
        made.forEach(snapshot -> backups.saveArtifact(backupId, snapshot.dataSource(), snapshot.snapshot()));
        backupService.recordSuccess(backupId);
        return backupId;
    }

    /** Both objects of the backup got exactly {@code times} legal-hold requests with that status. */
    private static void assertLegalHold(String backupId, String status, int times) {
        for (String key : List.of(archiveKey(backupId), manifestKey(backupId))) {
            RequestPatternBuilder legalHold = putRequestedFor(urlPathEqualTo(path(key))).withQueryParam("legal-hold", equalTo(""))
                    .withRequestBody(containing("<Status>" + status + "</Status>"));
            try {
                aws.verify(times, legalHold);
            } catch (VerificationException e) {
                throw new AssertionError("legal hold " + status + " on " + key + " expected " + times + " times", e);
            }
        }
    }

    private static String archiveKey(String backupId) {
        return "notes/files/articles/" + backupId + ".tar.gz";
    }

    private static String manifestKey(String backupId) {
        return "notes/files/articles/" + backupId + ".manifest.json";
    }

    /** The object's path in S3's path-style addressing. */
    private static String path(String key) {
        return "/" + BUCKET + "/" + key;
    }

    private String place(String user, Map<String, Object> request) {
        ResponseEntity<Map<String, Object>> placed = exchange(user, HttpMethod.POST, "/api/holds", request);
        assertThat(placed.getStatusCode()).as("%s", placed.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) placed.getBody().get("id");
    }

    private ResponseEntity<Map<String, Object>> release(String user, String holdId) {
        return exchange(user, HttpMethod.DELETE, "/api/holds/" + holdId, null);
    }

    private String auditDetail(String subject, String action) {
        return (String) getList("/api/audit/events?subject=" + subject).stream()
                .filter(event -> action.equals(event.get("action"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " event for " + subject)).get("detail");
    }

    private ResponseEntity<Map<String, Object>> exchange(String user, HttpMethod method, String path, Object body) {
        return http.withBasicAuth(user, user).exchange(path, method, body == null ? null : new HttpEntity<>(body),
                new ParameterizedTypeReference<>() { });
    }

    private List<Map<String, Object>> getList(String path) {
        return http.withBasicAuth("auditor", "auditor").exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }
}
