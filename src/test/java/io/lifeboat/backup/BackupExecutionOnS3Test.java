package io.lifeboat.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.backup.agent.ServiceNowExportAgent;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CatalogLoader;
import io.lifeboat.storage.S3MockServer;
import io.lifeboat.storage.S3ObjectStores;
import io.lifeboat.storage.StorageProperties;
import io.lifeboat.storage.StoragePublisher;
import io.lifeboat.storage.StorageTargets;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

/** A files backup of the test catalog's {@code notes} on an S3 target: staged, copied to the bucket, and deleted from both. */
class BackupExecutionOnS3Test {

    private static final String BUCKET = "lifeboat-offsite";

    @TempDir
    static Path work;
    private static S3MockServer s3mock;
    /** Looks into the bucket behind Lifeboat's back. */
    private static S3Client inspector;
    private static S3ObjectStores stores;
    private static BackupExecution execution;

    @BeforeAll
    static void start() throws Exception {
        s3mock = S3MockServer.start(work, BUCKET);
        inspector = s3mock.inspector();
        Path accessKey = Files.writeString(work.resolve("access.key"), "access\n");
        Path secretKey = Files.writeString(work.resolve("secret.key"), "secret\n");
        StorageProperties properties = new StorageProperties(Map.of(
                "local", new StorageProperties.Target(StorageProperties.Target.FILESYSTEM, work.resolve("local")),
                "offsite", new StorageProperties.Target(StorageProperties.Target.S3, work.resolve("staging"), BUCKET,
                        s3mock.endpoint(), "us-east-1", "prod", "${file:" + accessKey + "}", "${file:" + secretKey + "}", null)));
        List<BackupAgent> agents = List.of(new FilesAgent(), new ResticAgent("/usr/bin/restic"), new ServiceNowExportAgent());
        Catalog catalog = new CatalogLoader(agents, properties).load(Path.of("src/test/runbooks"));
        StorageTargets targets = new StorageTargets(properties, path -> Long.MAX_VALUE);
        stores = new S3ObjectStores(properties, Clock.systemUTC());
        execution = new BackupExecution(catalog, new StoragePublisher(properties, targets, stores), new DataSourceAgents(catalog, targets, agents));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stores != null) {
            stores.close();
        }
        if (s3mock != null) {
            s3mock.close();
        }
    }

    @Test
    void theArchiveAndManifestGoToTheBucketByteForByteAgainOnARepeatAndAreDeletedWithTheBackup() throws Exception {
        List<DataSourceSnapshot> made = new ArrayList<>();

        execution.backUp("bk-s3-1", "notes", "offsite", null, ProgressListener.NONE, made::add);

        Path staged = work.resolve("staging/notes/files/articles");
        Map<String, Path> expected = Map.of("prod/notes/files/articles/bk-s3-1.tar.gz", staged.resolve("bk-s3-1.tar.gz"),
                "prod/notes/files/articles/bk-s3-1.manifest.json", staged.resolve("bk-s3-1.manifest.json"));
        assertThat(objectKeys()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, Path> object : expected.entrySet()) {
            assertThat(inspector.getObjectAsBytes(b -> b.bucket(BUCKET).key(object.getKey())).asByteArray())
                    .as(object.getKey()).isEqualTo(Files.readAllBytes(object.getValue()));
        }

        // a repeated step (retry, expired lock) makes no second snapshot and uploads the same keys again
        List<DataSourceSnapshot> again = new ArrayList<>();
        execution.backUp("bk-s3-1", "notes", "offsite", null, ProgressListener.NONE, again::add);
        assertThat(again).isEqualTo(made);
        assertThat(objectKeys()).containsExactlyInAnyOrderElementsOf(expected.keySet());

        execution.delete("notes", "offsite", made);

        assertThat(objectKeys()).isEmpty();
        assertThat(expected.values()).allSatisfy(file -> assertThat(file).doesNotExist());
    }

    private static List<String> objectKeys() {
        return inspector.listObjectsV2(b -> b.bucket(BUCKET).prefix("prod/")).contents().stream().map(S3Object::key).toList();
    }
}
