package io.lifeboat.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.RestoreSpecs;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 data path against a real S3 server (S3Mock, which speaks S3 but does not enforce Object Lock). restic's own
 * repositories in S3 are covered through its agent by {@code ResticAgentOnS3Test}.
 */
class S3StorageAgainstS3MockTest {

    private static final String BUCKET = "lifeboat-backups";
    private static final String VERSIONED_BUCKET = "lifeboat-versioned";
    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key";

    @TempDir
    static Path work;
    private static S3MockServer s3mock;
    /** Sets up and inspects buckets behind Lifeboat's back. */
    private static S3Client inspector;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3Mock() throws Exception {
        s3mock = S3MockServer.start(work, BUCKET, VERSIONED_BUCKET);
        inspector = s3mock.inspector();
        inspector.putBucketVersioning(b -> b.bucket(VERSIONED_BUCKET)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    @AfterAll
    static void stopS3Mock() throws InterruptedException {
        if (s3mock != null) {
            s3mock.close();
        }
    }

    @Test
    void uploadStoresTheSha256AndDownloadReturnsTheSameBytes() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Path file = Files.write(dir.resolve("archive.bin"), content);
        try (S3ObjectStores stores = stores(BUCKET, "")) {
            S3ObjectStore store = stores.store("offsite");

            store.upload("checks/archive.bin", file);

            String storedChecksum = inspector.headObject(b -> b.bucket(BUCKET).key("checks/archive.bin")
                    .checksumMode(ChecksumMode.ENABLED)).checksumSHA256();
            assertThat(storedChecksum).isEqualTo(Base64.getEncoder().encodeToString(sha256(content)));
            assertThat(store.exists("checks/archive.bin")).isTrue();
            assertThat(store.exists("checks/never-uploaded.bin")).isFalse();

            Path downloaded = dir.resolve("restore/archive.bin");
            store.download("checks/archive.bin", downloaded);
            assertThat(Files.readAllBytes(downloaded)).isEqualTo(content);
            assertThat(downloaded.resolveSibling("archive.bin.partial")).doesNotExist();
        }
    }

    @Test
    void aPublishedFilesBackupRestoresFromTheBucketAlone() throws Exception {
        Path source = dir.resolve("runbooks/data/tickets");
        Files.createDirectories(source.resolve("2026/11"));
        Files.writeString(source.resolve("2026/11/ticket-4711.txt"), "printer on fire", StandardCharsets.UTF_8);
        Files.write(source.resolve("attachment.bin"), new byte[]{0, 1, 2, (byte) 255});
        StorageProperties properties = properties(BUCKET, "/lifeboat/prod/");
        try (S3ObjectStores stores = new S3ObjectStores(properties, Clock.systemUTC())) {
            StorageTargets targets = new StorageTargets(properties, path -> Long.MAX_VALUE);
            StoragePublisher publisher = new StoragePublisher(properties, targets, stores);
            Path staging = targets.serviceRoot("offsite", "helpdesk");
            FilesAgent agent = new FilesAgent();
            Snapshot snapshot = agent.backup("b-20261122", location(staging), ProgressListener.NONE);
            Path backupDir = staging.resolve("files/tickets");
            List<Path> written = List.of(backupDir.resolve("b-20261122.tar.gz"), backupDir.resolve("b-20261122.manifest.json"));
            assertThat(written).allMatch(Files::isRegularFile);

            List<String> keys = publisher.publish("offsite", "helpdesk", written);

            assertThat(keys).containsExactly("lifeboat/prod/helpdesk/files/tickets/b-20261122.tar.gz",
                    "lifeboat/prod/helpdesk/files/tickets/b-20261122.manifest.json");
            // restored on another host, whose staging directory holds only what comes back from the bucket
            Path elsewhere = dir.resolve("other-host/helpdesk");
            for (String key : keys) {
                stores.store("offsite").download(key, elsewhere.resolve(key.substring("lifeboat/prod/helpdesk/".length())));
            }
            Path restored = dir.resolve("restored");
            agent.restore(location(elsewhere), snapshot, RestoreSpecs.alternate("r-1", restored), ProgressListener.NONE);
            assertThat(restored.resolve("2026/11/ticket-4711.txt")).hasContent("printer on fire");
            assertThat(restored.resolve("attachment.bin")).hasBinaryContent(new byte[]{0, 1, 2, (byte) 255});

            publisher.unpublish("offsite", keys);
            assertThat(keys).noneMatch(stores.store("offsite")::exists);
        }
    }

    @Test
    void deleteRemovesEveryVersionNotJustTheLatest() throws Exception {
        Path file = Files.writeString(dir.resolve("manifest.json"), "{\"v\":1}");
        try (S3ObjectStores stores = stores(VERSIONED_BUCKET, "")) {
            S3ObjectStore store = stores.store("offsite");
            store.upload("helpdesk/manifest.json", file);
            Files.writeString(file, "{\"v\":2}");
            store.upload("helpdesk/manifest.json", file);
            // a neighbour sharing the key as prefix must survive
            store.upload("helpdesk/manifest.json.old", file);
            assertThat(versionsOf("helpdesk/manifest.json")).hasSize(2);

            store.delete("helpdesk/manifest.json");

            assertThat(versionsOf("helpdesk/manifest.json")).isEmpty();
            assertThat(store.exists("helpdesk/manifest.json")).isFalse();
            assertThat(store.exists("helpdesk/manifest.json.old")).isTrue();
        }
    }

    private List<ObjectVersion> versionsOf(String key) {
        return inspector.listObjectVersions(b -> b.bucket(VERSIONED_BUCKET).prefix(key)).versions().stream()
                .filter(v -> v.key().equals(key)).toList();
    }

    private SourceLocation location(Path storageRoot) {
        return new SourceLocation("helpdesk", "tickets", Map.of("path", "data/tickets"), dir.resolve("runbooks"),
                storageRoot, BackupMethod.FULL);
    }

    private S3ObjectStores stores(String bucket, String prefix) throws IOException {
        return new S3ObjectStores(properties(bucket, prefix), Clock.systemUTC());
    }

    /** The target's keys come from secret files ending in a newline, as key files usually do. */
    private StorageProperties properties(String bucket, String prefix) throws IOException {
        Path accessKey = Files.writeString(dir.resolve("access.key"), ACCESS_KEY + "\n");
        Path secretKey = Files.writeString(dir.resolve("secret.key"), SECRET_KEY + "\n");
        URI endpoint = s3mock.endpoint();
        return new StorageProperties(Map.of("offsite", new StorageProperties.Target(StorageProperties.Target.S3,
                dir.resolve("staging"), bucket, endpoint, "us-east-1", prefix,
                "${file:" + accessKey + "}", "${file:" + secretKey + "}", null)));
    }

    private static byte[] sha256(byte[] content) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(content);
    }
}
