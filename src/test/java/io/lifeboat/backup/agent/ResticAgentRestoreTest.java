package io.lifeboat.backup.agent;

import static io.lifeboat.backup.agent.RestoreSpecs.alternate;
import static io.lifeboat.backup.agent.RestoreSpecs.inPlace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.storage.FreeSpaceProbe;

/** The restic agent's restore for the restore runbook, against the real restic binary and repository. */
class ResticAgentRestoreTest extends DirectoryRestoreTest {

    private static final Path RESTIC = Path.of("/usr/bin/restic");
    /** A name restic's --include would read as a glob matching {@link #GLOB_LOOKALIKE} too, were it not escaped. */
    private static final String GLOB_NAME = "docs/report[2026]*.txt";
    private static final String GLOB_LOOKALIKE = "docs/report2.txt";

    @BeforeAll
    static void resticIsInstalled() {
        assertThat(RESTIC).as("restic 0.14 must be installed (apt-get install restic)").isExecutable();
    }

    @Override
    BackupAgent agent(FreeSpaceProbe freeSpace) {
        return new ResticAgent(RESTIC.toString(), freeSpace);
    }

    @Override
    void prepare() throws IOException {
        Files.writeString(Files.createDirectories(runbooks.resolve("secrets")).resolve("restic.pw"), "kb restore test\n");
        SourceTree.write(production, GLOB_NAME, "the report".getBytes(StandardCharsets.UTF_8));
        SourceTree.write(production, GLOB_LOOKALIKE, "another report".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    SourceLocation location() {
        return location("data/kb");
    }

    private SourceLocation location(String... paths) {
        return new SourceLocation("kb", "articles", Map.of("paths", List.of(paths), "passwordRef", "${file:secrets/restic.pw}"),
                runbooks, storage, BackupMethod.INCREMENTAL);
    }

    /** A flipped byte in every pack file: restic's ciphertext check fails. */
    @Override
    String damageBackup() throws IOException {
        try (Stream<Path> walk = Files.walk(storage.resolve("restic/articles/data"))) {
            for (Path pack : walk.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(pack);
                bytes[bytes.length / 3] ^= 0x55;
                Files.write(pack, bytes);
            }
        }
        return "restic restore failed (exit 1";
    }

    @Override
    String named(Snapshot snapshot) {
        return "snapshot " + snapshot.snapshotId();
    }

    @Override
    String record(Snapshot snapshot) {
        return "snapshot " + snapshot.snapshotId() + "'s list";
    }

    @Test
    void aPathIsTakenLiterallyNotAsTheGlobResticReadsItAs() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/report");
        RestoreSpec spec = alternate("r-20", destination, GLOB_NAME);

        RestoredData restored = agent.restore(location(), snapshot, spec, ProgressListener.NONE);

        assertThat(SourceTree.modificationTimes(destination)).containsOnlyKeys(GLOB_NAME);
        assertThat(SourceTree.picture(destination).get(GLOB_NAME)).isEqualTo(backedUp.get(GLOB_NAME));
        assertThat(agent.verifyRestored(location(), snapshot, spec, restored).ok()).isTrue();
    }

    @Test
    void theNeededSpaceIsTheSnapshotsRestoreSize() throws Exception {
        Snapshot snapshot = backup();
        Snapshot huge = new Snapshot("restic", snapshot.snapshotId(), 1L << 50, snapshot.fileCount(), snapshot.checksum(),
                snapshot.method());

        assertThat(agent.capacityProblem(location(), huge, inPlace("r-21")))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("restoring 1125899906842624 bytes into "));
    }

    @Test
    void severalSourcePathsRestoreElsewhereInTheirAbsoluteLayoutButNotInPlace() throws Exception {
        Path extra = SourceTree.create(runbooks.resolve("data/extra"));
        Snapshot snapshot = agent.backup("b-2", location("data/kb", "data/extra"), ProgressListener.NONE);
        Path destination = dir.resolve("restored/both");

        RestoredData restored = agent.restore(location("data/kb", "data/extra"), snapshot, alternate("r-22", destination),
                ProgressListener.NONE);

        assertThat(SourceTree.picture(destination.resolve(production.toString().substring(1)))).isEqualTo(backedUp);
        assertThat(SourceTree.picture(destination.resolve(extra.toString().substring(1)))).isEqualTo(SourceTree.picture(extra));
        assertThat(agent.verifyRestored(location("data/kb", "data/extra"), snapshot, alternate("r-22", destination), restored)
                .ok()).isTrue();
        assertThatThrownBy(() -> agent.restore(location("data/kb", "data/extra"), snapshot, inPlace("r-23"),
                ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.getMessage()).startsWith("an in-place restore replaces one directory, and this data source has 2");
                    assertThat(e.isRetryable()).isFalse();
                });
    }
}
