package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import io.lifeboat.secret.SecretReference;

/** Against the real restic binary; CI installs it, so a missing binary fails here rather than skipping. */
class ResticAgentTest {

    private static final Path RESTIC = Path.of("/usr/bin/restic");
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private final ResticAgent agent = new ResticAgent(RESTIC.toString());
    private Path runbooks;
    private Path source;
    private Path storage;

    @BeforeAll
    static void resticIsInstalled() {
        assertThat(RESTIC).as("restic 0.14 must be installed (apt-get install restic)").isExecutable();
    }

    @BeforeEach
    void createSource() throws IOException {
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        source = SourceTree.create(runbooks.resolve("data/kb"));
        storage = Files.createDirectories(dir.resolve("storage/kb"));
        Files.writeString(Files.createDirectories(runbooks.resolve("secrets")).resolve("restic.pw"), PASSWORD + "\n");
    }

    private SourceLocation location(String passwordFile) {
        return new SourceLocation("kb", "articles",
                Map.of("paths", List.of("data/kb"), "passwordRef", "${file:secrets/" + passwordFile + "}"), runbooks, storage, BackupMethod.FULL);
    }

    @Test
    void backsUpRestoresByteForByteVerifiesAndFindsItsEarlierSnapshot() throws Exception {
        List<long[]> progress = new ArrayList<>();

        Snapshot snapshot = agent.backup("kb-1", location("restic.pw"),
                (done, total, message) -> progress.add(new long[] {done, total}));

        long sourceBytes = SourceTree.picture(source).values().stream()
                .filter(v -> !v.equals("<dir>")).mapToLong(v -> v.length() / 2).sum();
        assertThat(snapshot.agent()).isEqualTo("restic");
        assertThat(snapshot.snapshotId()).matches("[0-9a-f]{64}").isEqualTo(snapshot.checksum());
        assertThat(snapshot.bytes()).isEqualTo(sourceBytes);
        assertThat(snapshot.fileCount()).isEqualTo(SourceTree.FILE_COUNT);
        assertThat(progress).last().satisfies(p -> assertThat(p).containsExactly(sourceBytes, sourceBytes));
        assertThat(storage.resolve("restic/articles/config")).as("default repository location").exists();

        Path target = dir.resolve("restored/kb");
        agent.restore(location("restic.pw"), snapshot, RestoreSpecs.alternate("r-1", target), ProgressListener.NONE);
        assertThat(SourceTree.picture(target)).isEqualTo(SourceTree.picture(source));
        assertThat(SourceTree.siblings(target)).as("no staging directory left behind")
                .containsExactly(".kb.restored-by-r-1", "kb");

        Verification verification = agent.verify(location("restic.pw"), snapshot);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).contains("no errors were found").contains("lists 6 files, 6 were counted");

        SourceTree.write(source, "docs/added-later.txt", new byte[] {1, 2, 3});
        Snapshot again = agent.backup("kb-1", location("restic.pw"), ProgressListener.NONE);
        assertThat(again).isEqualTo(snapshot);
        assertThat(snapshotsTagged("lifeboat-backup:kb-1")).hasSize(1);
        assertThat(snapshotsTagged("lifeboat")).hasSize(1);
    }

    @Test
    void deleteForgetsAndPrunesTheSnapshotAndMayBeRepeated() throws Exception {
        Snapshot kept = agent.backup("kb-keep", location("restic.pw"), ProgressListener.NONE);
        Snapshot deleted = agent.backup("kb-delete", location("restic.pw"), ProgressListener.NONE);

        agent.delete(location("restic.pw"), deleted);
        agent.delete(location("restic.pw"), deleted);

        assertThatThrownBy(() -> agent.restore(location("restic.pw"), deleted, RestoreSpecs.alternate("r-2", dir.resolve("gone")),
                ProgressListener.NONE))
                .isInstanceOf(AgentException.class).hasMessageContaining("is not in repository");
        assertThat(agent.verify(location("restic.pw"), kept).ok()).isTrue();
    }

    @Test
    void deleteAlsoForgetsASecondSnapshotTaggedForTheSameBackup() throws Exception {
        Snapshot kept = agent.backup("kb-keep", location("restic.pw"), ProgressListener.NONE);
        Snapshot recorded = agent.backup("kb-twice", location("restic.pw"), ProgressListener.NONE);
        // what a restic that outlived its killed agent leaves: a snapshot of its own, tagged for the same backup
        SourceTree.write(source, "docs/added-later.txt", new byte[] {1, 2, 3});
        ToolProcess.Result orphan = restic().run("backup", "--tag", ResticAgent.TAG,
                "--tag", ResticAgent.BACKUP_TAG_PREFIX + "kb-twice", source.toString());
        assertThat(orphan.exitCode()).as(orphan.stderr()).isZero();
        assertThat(snapshotsTagged("lifeboat-backup:kb-twice")).hasSize(2);

        agent.delete(location("restic.pw"), recorded);

        assertThat(snapshotsTagged("lifeboat-backup:kb-twice")).isEmpty();
        assertThat(snapshotsTagged("lifeboat")).singleElement()
                .satisfies(left -> assertThat(left.id()).isEqualTo(kept.snapshotId()));
    }

    @Test
    void verifyFailsWhenTheSnapshotHoldsADifferentNumberOfFiles() throws Exception {
        Snapshot snapshot = agent.backup("kb-2", location("restic.pw"), ProgressListener.NONE);
        Snapshot claimed = new Snapshot("restic", snapshot.snapshotId(), snapshot.bytes(), snapshot.fileCount() + 1,
                snapshot.checksum(), snapshot.method());

        Verification verification = agent.verify(location("restic.pw"), claimed);

        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).contains("lists 6 files, 7 were counted at backup time");
    }

    @Test
    void aWrongPasswordIsNotRetryableAndNeverShowsThePassword() throws Exception {
        agent.backup("kb-3", location("restic.pw"), ProgressListener.NONE);
        String wrong = "not-the-right-password-4711";
        Files.writeString(runbooks.resolve("secrets/wrong.pw"), wrong);

        assertThatThrownBy(() -> agent.backup("kb-4", location("wrong.pw"), ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains("wrong password or no key found")
                            .doesNotContain(wrong).doesNotContain(PASSWORD);
                });
    }

    @Test
    void validateNamesBadOrMissingSettings() {
        assertThat(agent.validate(Map.of("paths", List.of("data"), "passwordRef", "${env:RESTIC_PW}"))).isEmpty();
        assertThat(agent.validate(Map.of())).containsExactly("paths is required", "passwordRef is required");
        assertThat(agent.validate(Map.of("paths", "data", "passwordRef", PASSWORD)))
                .containsExactly("paths must be a list of non-blank texts",
                        "passwordRef is not a secret reference; use ${env:NAME} or ${file:/path/to/file}");
    }

    private List<ResticOutput.SnapshotInfo> snapshotsTagged(String tag) throws AgentException {
        return ResticOutput.snapshots(restic().run("snapshots", "--json", "--tag", tag).stdout());
    }

    /** Restic on the agent's default repository, for what the agent itself would not do. */
    private ResticProcess restic() {
        return new ResticProcess(RESTIC, storage.resolve("restic/articles").toString(),
                SecretReference.parse("${file:secrets/restic.pw}", runbooks));
    }
}
