package io.lifeboat.backup.agent;

import static io.lifeboat.backup.agent.RestoreSpecs.alternate;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.storage.FreeSpaceProbe;

/** The files agent's restore for the restore runbook, from real archives. */
class FilesAgentRestoreTest extends DirectoryRestoreTest {

    @Override
    BackupAgent agent(FreeSpaceProbe freeSpace) {
        return new FilesAgent(freeSpace);
    }

    @Override
    SourceLocation location() {
        return new SourceLocation("kb", "articles", Map.of("path", "data/kb"), runbooks, storage, BackupMethod.FULL);
    }

    /** Cut in half: the gzip stream ends early. */
    @Override
    String damageBackup() throws IOException {
        Path archive = storage.resolve("files/articles/b-1.tar.gz");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
        return "restore of backup b-1 from " + storage.resolve("files/articles/b-1.manifest.json") + " failed";
    }

    @Override
    String named(Snapshot snapshot) {
        return "backup " + snapshot.snapshotId();
    }

    @Override
    String record(Snapshot snapshot) {
        return "backup " + snapshot.snapshotId() + "'s manifest";
    }

    @Test
    void verifyRestoredNamesAFileChangedToOtherBytesOfTheSameSizeByItsSha256() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/kb");
        RestoredData restored = agent.restore(location(), snapshot, alternate("r-20", destination), ProgressListener.NONE);
        Path file = destination.resolve(SourceTree.BINARY);
        byte[] altered = Files.readAllBytes(file);
        altered[4711] ^= 1;
        Files.write(file, altered);

        Verification verification = agent.verifyRestored(location(), snapshot, alternate("r-20", destination), restored);

        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).endsWith(": file " + SourceTree.BINARY + " has SHA-256 " + Sha256.of(file)
                + ", backup b-1's manifest says " + Sha256.of(production.resolve(SourceTree.BINARY)));
    }
}
