package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.storage.S3MockServer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The restic agent with an {@code s3:} repository on S3Mock and the real restic 0.14. S3Mock accepts any keys and does
 * not check signatures, so these tests show the whole data path through S3; that restic signs with the referenced
 * keys is shown by {@link ResticProcessTest}, which checks the signatures itself.
 */
class ResticAgentOnS3Test {

    private static final Path RESTIC = Path.of("/usr/bin/restic");
    private static final String BUCKET = "restic-repo";
    private static final String ACCESS_KEY = "lifeboat-access-key";
    private static final String SECRET_KEY = "s3-secret-Kx7#q;9/w+Z";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path work;
    private static S3MockServer s3mock;
    /** Looks into the bucket behind the agent's back. */
    private static S3Client inspector;

    @TempDir
    Path dir;

    private final ResticAgent agent = new ResticAgent(RESTIC.toString());
    private Path runbooks;
    private Path source;

    @BeforeAll
    static void startS3Mock() throws Exception {
        assertThat(RESTIC).as("restic 0.14 must be installed (apt-get install restic)").isExecutable();
        s3mock = S3MockServer.start(work, BUCKET);
        inspector = s3mock.inspector();
    }

    @AfterAll
    static void stopS3Mock() throws InterruptedException {
        if (s3mock != null) {
            s3mock.close();
        }
    }

    @BeforeEach
    void createSourceAndSecrets() throws IOException {
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        source = SourceTree.create(runbooks.resolve("data/kb"));
        Path secrets = Files.createDirectories(runbooks.resolve("secrets"));
        // key files end in a newline, as they usually do
        Files.writeString(secrets.resolve("restic.pw"), PASSWORD + "\n");
        Files.writeString(secrets.resolve("s3-access.key"), ACCESS_KEY + "\n");
        Files.writeString(secrets.resolve("s3-secret.key"), SECRET_KEY + "\n");
    }

    /** Each test has a prefix of its own in the shared bucket. */
    private SourceLocation location(String prefix, String secretKeyFile) {
        Map<String, Object> settings = new HashMap<>(Map.of("paths", List.of("data/kb"),
                "passwordRef", "${file:secrets/restic.pw}",
                "repository", "s3:" + s3mock.endpoint() + "/" + BUCKET + "/" + prefix,
                "s3AccessKeyRef", "${file:secrets/s3-access.key}",
                "s3SecretKeyRef", "${file:secrets/" + secretKeyFile + "}",
                "s3Region", "us-east-1"));
        return new SourceLocation("kb", "articles", settings, runbooks, dir.resolve("storage"), BackupMethod.FULL);
    }

    @Test
    void backsUpOnceVerifiesRestoresByteForByteAndDeletes() throws Exception {
        SourceLocation location = location("kb", "s3-secret.key");

        Snapshot snapshot = agent.backup("kb-s3-1", location, ProgressListener.NONE);

        assertThat(snapshot.snapshotId()).matches("[0-9a-f]{64}");
        assertThat(snapshot.fileCount()).isEqualTo(SourceTree.FILE_COUNT);
        assertThat(keys("kb/snapshots/")).containsExactly("kb/snapshots/" + snapshot.snapshotId());
        assertThat(keys("kb/config")).as("the repository lives in the bucket").hasSize(1);
        assertThat(dir.resolve("storage")).as("nothing written to the local storage root").doesNotExist();

        SourceTree.write(source, "docs/added-later.txt", new byte[] {1, 2, 3});
        Snapshot again = agent.backup("kb-s3-1", location, ProgressListener.NONE);
        assertThat(again).isEqualTo(snapshot);
        assertThat(keys("kb/snapshots/")).as("a repeated backup makes no second snapshot").hasSize(1);
        Files.delete(source.resolve("docs/added-later.txt"));

        Verification verification = agent.verify(location, snapshot);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).contains("no errors were found", "lists 6 files, 6 were counted");

        Path target = dir.resolve("restored/kb");
        agent.restore(location, snapshot, RestoreSpecs.alternate("r-1", target), ProgressListener.NONE);
        assertThat(SourceTree.picture(target)).isEqualTo(SourceTree.picture(source));

        agent.delete(location, snapshot);
        assertThat(keys("kb/snapshots/")).isEmpty();
        assertThatThrownBy(() -> agent.restore(location, snapshot, RestoreSpecs.alternate("r-2", dir.resolve("gone")),
                ProgressListener.NONE))
                .isInstanceOf(AgentException.class).hasMessageContaining("is not in repository");
        agent.delete(location, snapshot);
    }

    @Test
    void aMissingSecretKeyFileIsNamedButNoSecretIsShown() {
        SourceLocation location = location("missing-key", "absent.key");

        assertThatThrownBy(() -> agent.backup("kb-s3-2", location, ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage())
                            .contains("secret file " + runbooks.resolve("secrets/absent.key") + " is missing or not readable")
                            .contains("s3 keys ${file:" + runbooks.resolve("secrets/s3-access.key") + "}")
                            .doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY).doesNotContain(PASSWORD);
                });
        assertThat(keys("missing-key/")).as("restic never ran").isEmpty();
    }

    @Test
    void validateNamesEachWrongOrMissingS3Setting() {
        Map<String, Object> base = Map.of("paths", List.of("data"), "passwordRef", "${env:RESTIC_PW}");
        Map<String, Object> s3 = with(base, "repository", "s3:http://127.0.0.1:9000/bucket/kb");

        assertThat(agent.validate(with(s3, "s3AccessKeyRef", "${env:S3_ACCESS}", "s3SecretKeyRef", "${file:s3.key}",
                "s3Region", "us-east-1", "s3BucketLookup", "dns"))).isEmpty();
        assertThat(agent.validate(s3))
                .containsExactly("s3AccessKeyRef is required", "s3SecretKeyRef is required", "s3Region is required");
        assertThat(agent.validate(with(s3, "s3AccessKeyRef", ACCESS_KEY, "s3SecretKeyRef", SECRET_KEY,
                "s3Region", "us east 1", "s3BucketLookup", "virtual")))
                .containsExactly("s3AccessKeyRef is not a secret reference; use ${env:NAME} or ${file:/path/to/file}",
                        "s3SecretKeyRef is not a secret reference; use ${env:NAME} or ${file:/path/to/file}",
                        "s3Region must be a region name such as us-east-1 (letters, digits, - and _)",
                        "s3BucketLookup must be one of path, dns, auto");
        for (Map<String, Object> local : List.of(base, with(base, "repository", "/srv/restic/kb"))) {
            assertThat(agent.validate(with(local, "s3AccessKeyRef", "${env:S3_ACCESS}", "s3SecretKeyRef", "${env:S3_SECRET}",
                    "s3Region", "us-east-1", "s3BucketLookup", "path")))
                    .containsExactly("s3AccessKeyRef is only for an s3: repository", "s3SecretKeyRef is only for an s3: repository",
                            "s3Region is only for an s3: repository", "s3BucketLookup is only for an s3: repository");
        }
    }

    private static Map<String, Object> with(Map<String, Object> settings, Object... keysAndValues) {
        Map<String, Object> copy = new HashMap<>(settings);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            copy.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return copy;
    }

    private static List<String> keys(String prefix) {
        return inspector.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }
}
