package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.storage.StorageProperties;

/**
 * A runbooks directory in a temporary folder, loaded with the fake files and restic agents, a "local" target and an
 * S3 target "offsite".
 */
public final class CatalogFixture {

    public static final StorageProperties STORAGE = new StorageProperties(Map.of(
            "local", new StorageProperties.Target("filesystem", Path.of("backups")),
            "offsite", new StorageProperties.Target("s3", Path.of("staging"), "backups", null, "eu-central-1", null,
                    "${env:S3_ACCESS_KEY}", "${env:S3_SECRET_KEY}", null)));

    private final Path runbooksDir;

    CatalogFixture(Path runbooksDir) {
        this.runbooksDir = runbooksDir;
    }

    /** A valid service, hourly full backups with a PT4H RPO; tests change or append lines. */
    static String service(String id) {
        return """
                id: %1$s
                name: Service %1$s
                tier: 1
                ownerGroup: operators
                rto: PT4H
                rpo: PT4H
                mtd: P1D
                dataSources:
                  - name: data
                    agent: files
                    settings:
                      path: data/%1$s
                backupPolicy:
                  schedule: "0 0 * * * *"
                  method: full
                  storageTarget: local
                """.formatted(id);
    }

    CatalogFixture write(String relativePath, String content) {
        try {
            Path file = runbooksDir.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CatalogFixture service(String id, String yaml) {
        return write("services/" + id + ".yaml", yaml);
    }

    Catalog load() {
        return load(FakeAgents.filesAndRestic());
    }

    Catalog load(List<BackupAgent> agents) {
        return new CatalogLoader(agents, STORAGE).load(runbooksDir);
    }

    /** The errors of a catalog that must fail to load, as they are printed. */
    List<String> errors() {
        return errors(FakeAgents.filesAndRestic());
    }

    /** As {@link #errors()}, loaded with these agents, such as a real one whose own messages are to be seen. */
    List<String> errors(List<BackupAgent> agents) {
        return assertThatExceptionOfType(CatalogException.class).isThrownBy(() -> load(agents)).actual()
                .errors().stream().map(CatalogError::toString).toList();
    }
}
