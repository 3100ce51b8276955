package io.lifeboat.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageTargetsTest {

    @TempDir
    Path storage;

    @Test
    void roomForOneAndAHalfTimesTheLastBackupIsEnough() {
        StorageTargets targets = targets(1_500);

        assertThat(targets.capacityProblem("local", "ticket-db", 1_000)).isNull();
    }

    @Test
    void lessRoomRefusesWithTheFigures() {
        StorageTargets targets = targets(1_499);

        assertThat(targets.capacityProblem("local", "ticket-db", 1_000))
                .contains("storage target 'local'", "1499 bytes free", "ticket-db", "1.5 x its last backup (1000 bytes) = 1500 bytes");
    }

    @Test
    void aServiceWithoutBackupsNeedsNoRoom() {
        assertThat(targets(0).capacityProblem("local", "chat-log", 0)).isNull();
    }

    @Test
    void serviceRootIsCreatedUnderTheTarget() {
        Path root = targets(0).serviceRoot("local", "chat-log");

        assertThat(root).isEqualTo(storage.resolve("chat-log").toAbsolutePath()).isDirectory();
    }

    @Test
    void anUnknownTargetIsNamed() {
        assertThatThrownBy(() -> targets(0).serviceRoot("s3-eu", "chat-log"))
                .hasMessageContaining("no storage target 's3-eu'").hasMessageContaining("[local]");
    }

    private StorageTargets targets(long freeBytes) {
        StorageProperties properties = new StorageProperties(Map.of("local", new StorageProperties.Target("filesystem", storage)));
        return new StorageTargets(properties, path -> {
            assertThat(Files.isDirectory(path)).isTrue();
            return freeBytes;
        });
    }
}
