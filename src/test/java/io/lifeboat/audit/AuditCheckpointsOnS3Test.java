package io.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.lifeboat.storage.S3MockServer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code lifeboat.audit.checkpoint-target}: every checkpoint also goes to the WORM S3 target, under its prefix, against
 * a real S3 server (S3Mock). S3Mock keeps no Object Lock retention; that every upload to a WORM target asks for it is
 * {@code S3ObjectLockTest}'s.
 */
class AuditCheckpointsOnS3Test {

    private static final String BUCKET = "lifeboat-audit-vault";

    @TempDir
    static Path work;
    private static S3MockServer s3mock;
    private static S3Client inspector;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3Mock() throws Exception {
        s3mock = S3MockServer.start(work);
        inspector = s3mock.inspector();
        inspector.createBucket(b -> b.bucket(BUCKET).objectLockEnabledForBucket(true));
    }

    @AfterAll
    static void stopS3Mock() throws InterruptedException {
        if (s3mock != null) {
            s3mock.close();
        }
    }

    @Test
    void aCheckpointIsWrittenToTheDirectoryAndLockedInTheWormBucket() throws Exception {
        Path key = Files.writeString(dir.resolve("audit.key"), "an-audit-key-for-this-test-only-0123456789\n");
        Path accessKey = Files.writeString(dir.resolve("access.key"), "AKIDEXAMPLE\n");
        Path secretKey = Files.writeString(dir.resolve("secret.key"), "wJalrXUtnFEMI/K7MDENG\n");
        String target = "lifeboat.storage.targets.vault.";
        new ApplicationContextRunner().withUserConfiguration(AuditConfigurationTest.AuditSettingsOnly.class).withPropertyValues(
                "lifeboat.audit.key-ref=\\${file:" + key + "}",
                "lifeboat.audit.checkpoint-dir=" + dir.resolve("checkpoints"),
                "lifeboat.audit.checkpoint-target=vault",
                target + "type=s3", target + "path=" + dir.resolve("staging"), target + "bucket=" + BUCKET,
                target + "endpoint=" + s3mock.endpoint(), target + "region=eu-central-1", target + "prefix=/prod/",
                target + "access-key-ref=\\${file:" + accessKey + "}", target + "secret-key-ref=\\${file:" + secretKey + "}",
                target + "worm.mode=COMPLIANCE", target + "worm.retain-days=400")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AuditCheckpoints checkpoints = context.getBean(AuditCheckpoints.class);

                    AuditCheckpoint written = checkpoints.write(5, "c".repeat(64));

                    Path file;
                    try (var files = Files.list(dir.resolve("checkpoints"))) {
                        file = files.findFirst().orElseThrow();
                    }
                    String objectKey = "prod/audit-checkpoints/" + file.getFileName();
                    ResponseBytes<GetObjectResponse> object = inspector.getObjectAsBytes(b -> b.bucket(BUCKET).key(objectKey));
                    assertThat(object.asByteArray()).isEqualTo(Files.readAllBytes(file));
                    assertThat(checkpoints.newest().checkpoint()).isEqualTo(written);
                });
    }
}
