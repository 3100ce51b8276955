package io.lifeboat.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.retention.RetentionRepository.SweepOutcome;
import io.lifeboat.storage.S3TargetSettings;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.lifeboat.storage.AwsObjectLockAnswers.VERSION;
import static io.lifeboat.storage.AwsObjectLockAnswers.legalHold;
import static io.lifeboat.storage.AwsObjectLockAnswers.retainedUntil;
import static io.lifeboat.storage.AwsObjectLockAnswers.versionDeleteDenied;
import static io.lifeboat.storage.AwsObjectLockAnswers.versionListed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An expired backup on an S3 target whose objects Object Lock still protects: the sweep's delete task (worked by the
 * in-process worker) meets the lock, and the sweep reports it kept with the lock's date, leaves it undeleted in the
 * bucket and on disk, and does not count it as a failure. WireMock gives AWS's answers, as no local S3 server
 * enforces Object Lock.
 */
@FullStackTest
class RetentionObjectLockFullStackTest {

    private static final String BUCKET = "lifeboat-vault";

    /** Started before the Spring context, which needs its port. */
    private static final WireMockServer aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    static {
        aws.start();
    }

    /** The vault target's local staging directory. */
    private static Path staging;

    @Autowired
    BackupExecution execution;
    @Autowired
    BackupRepository backups;
    @Autowired
    RetentionRepository sweeps;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    TransactionTemplate transactions;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws Exception {
        TestDataDirectory.register(registry, "objectlock");
        staging = S3TargetSettings.register(registry, "vault", BUCKET, aws.port());
    }

    @AfterAll
    static void stopAws() {
        aws.stop();
    }

    @Test
    void anExpiredBackupUnderObjectLockIsReportedKeptNotFailed() throws Exception {
        aws.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"6d1c8e1d0a3d4f0c9b1e0f5a2b3c4d5e\"")));
        String backupId = "bk-locked-" + System.nanoTime();
        List<DataSourceSnapshot> made = new ArrayList<>();
        execution.backUp(backupId, "notes", "vault", null, ProgressListener.NONE, made::add);
        Snapshot snapshot = made.get(0).snapshot();
        backups.claimAndInsert(new BackupRepository.NewBackup(backupId, "notes", "files", BackupTrigger.MANUAL, "operator",
                "object lock test", Instant.now(), null, null, "vault"));
        backups.releaseClaim(backupId);
        backups.saveArtifact(backupId, "articles", snapshot);
        backups.markSucceeded(backupId, snapshot.snapshotId(), snapshot.method().value(), snapshot.bytes(), snapshot.fileCount(), snapshot.checksum(),
                true, Instant.now());
        // the manifest is deleted first, and refused: the bucket's default retention locked it at upload
        String manifest = "notes/files/articles/" + backupId + ".manifest.json";
        String retainUntil = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        versionListed(aws, BUCKET, manifest);
        versionDeleteDenied(aws, BUCKET, manifest);
        retainedUntil(aws, BUCKET, manifest, retainUntil);
        legalHold(aws, BUCKET, manifest, "OFF");
        // a sweep at its delete step whose plan expired this backup: the plan is written with the instance in one
        // transaction, so the job executor finds both
        String sweepId = transactions.execute(status -> {
            String id = runtime.createProcessInstanceByKey(RetentionSweepRunbook.KEY)
                    .startBeforeActivity(RetentionSweepRunbook.DELETE_EXPIRED_BODY)
                    .execute().getId();
            sweeps.startSweep(id, "operator", Instant.now());
            sweeps.addDecision(id, backupId, "notes", false, "gfs", "GFS daily 1");
            return id;
        });

        await().atMost(Duration.ofSeconds(60))
                .until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(sweepId).finished().count() == 1);

        String kept = "kept: object s3://" + BUCKET + "/" + manifest + " (version " + VERSION + ") is locked until "
                + retainUntil + " (COMPLIANCE)";
        assertThat(sweeps.decisions(sweepId)).singleElement().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo(SweepOutcome.KEPT_LOCKED);
            assertThat(decision.detail()).isEqualTo(kept);
        });
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(sweepId)
                .variableName(RetentionSweepRunbook.Variables.SUMMARY.name()).singleResult().getValue())
                .isEqualTo("notes: kept 1, deleted 0; not deleted " + backupId + ": " + kept);
        assertThat(backups.find(backupId).orElseThrow().deleted()).isFalse();
        aws.verify(0, deleteRequestedFor(urlPathEqualTo("/" + BUCKET + "/notes/files/articles/" + backupId + ".tar.gz")));
        Path staged = staging.resolve("notes/files/articles");
        assertThat(staged.resolve(backupId + ".tar.gz")).isRegularFile();
        assertThat(staged.resolve(backupId + ".manifest.json")).isRegularFile();
    }
}
