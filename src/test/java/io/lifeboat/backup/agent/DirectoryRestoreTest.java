package io.lifeboat.backup.agent;

import static io.lifeboat.backup.agent.RestoreSpecs.alternate;
import static io.lifeboat.backup.agent.RestoreSpecs.inPlace;
import static io.lifeboat.backup.agent.SourceTree.NEWEST;
import static io.lifeboat.backup.agent.SourceTree.siblings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.storage.FreeSpaceProbe;

/**
 * What the restore runbook asks of an agent whose data is a directory of files, against the real tool and real
 * directories: the same for {@link FilesAgentRestoreTest} and {@link ResticAgentRestoreTest}. The data source's
 * directory, production, is {@code runbooks/data/kb}.
 */
abstract class DirectoryRestoreTest {

    @TempDir
    Path dir;

    Path runbooks;
    Path production;
    Path storage;
    BackupAgent agent;
    /** Production as it was backed up, content and modification times. */
    Map<String, String> backedUp;
    Map<String, FileTime> backedUpTimes;

    /** The agent, seeing {@code freeSpace} as the free space where it restores. */
    abstract BackupAgent agent(FreeSpaceProbe freeSpace);

    abstract SourceLocation location();

    /** Writes what the agent needs beside production, such as a password; before the modification times are set. */
    void prepare() throws IOException {
    }

    /** Damages the backup {@link #backup} made; returns what the failing restore's message says. */
    abstract String damageBackup() throws IOException;

    /** How the agent names the snapshot in a refusal, such as "backup b-1". */
    abstract String named(Snapshot snapshot);

    /** What the agent checks restored files against, such as "backup b-1's manifest". */
    abstract String record(Snapshot snapshot);

    @BeforeEach
    void createProduction() throws IOException {
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        production = SourceTree.create(runbooks.resolve("data/kb"));
        storage = Files.createDirectories(dir.resolve("storage/kb"));
        prepare();
        SourceTree.setModificationTimes(production, NEWEST);
        backedUp = SourceTree.picture(production);
        backedUpTimes = SourceTree.modificationTimes(production);
        agent = agent(new FreeSpaceProbe.FileStoreProbe());
    }

    Snapshot backup() throws AgentException {
        return agent.backup("b-1", location(), ProgressListener.NONE);
    }

    @Test
    void restoresElsewhereByteForByteWithTheModificationTimes() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/kb");

        RestoredData restored = agent.restore(location(), snapshot, alternate("r-1", destination), ProgressListener.NONE);

        assertThat(restored).isEqualTo(new RestoredData(destination.toString(), null, NEWEST, null));
        assertThat(SourceTree.picture(destination)).isEqualTo(backedUp);
        assertThat(SourceTree.modificationTimes(destination)).isEqualTo(backedUpTimes);
        assertThat(siblings(destination)).as("only the marker naming the restore beside it")
                .containsExactly(".kb.restored-by-r-1", "kb");
        Verification verification = agent.verifyRestored(location(), snapshot, alternate("r-1", destination), restored);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).startsWith("all " + backedUpTimes.size() + " restored files in " + destination
                + " match " + record(snapshot));
    }

    @Test
    void restoresSingleFilesAndADirectoryWithTheirPathsKept() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/some");
        RestoreSpec spec = alternate("r-2", destination, SourceTree.NON_ASCII, "docs/nested/");

        RestoredData restored = agent.restore(location(), snapshot, spec, ProgressListener.NONE);

        List<String> files = List.of("docs/nested/deeper/notes.md", SourceTree.NON_ASCII);
        assertThat(SourceTree.picture(destination).keySet()).containsExactly("docs", "docs/nested", "docs/nested/deeper",
                files.get(0), "tickets", files.get(1));
        for (String file : files) {
            assertThat(SourceTree.picture(destination).get(file)).as(file).isEqualTo(backedUp.get(file));
            assertThat(SourceTree.modificationTimes(destination).get(file)).as(file).isEqualTo(backedUpTimes.get(file));
        }
        assertThat(restored.newestChange()).isEqualTo(files.stream().map(backedUpTimes::get).max(FileTime::compareTo)
                .orElseThrow().toInstant());
        Verification verification = agent.verifyRestored(location(), snapshot, spec, restored);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).startsWith("all 2 restored files");
    }

    @Test
    void aPathTheBackupDoesNotHoldIsRefusedAndNothingIsWritten() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/typo");

        assertThatThrownBy(() -> agent.restore(location(), snapshot, alternate("r-3", destination, "docs/nested/deep"),
                ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("paths entry 'docs/nested/deep' is not in " + named(snapshot));
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(siblings(destination)).isEmpty();
    }

    @Test
    void pathsInPlaceAreRefused() throws Exception {
        Snapshot snapshot = backup();
        RestoreSpec spec = new RestoreSpec("r-4", RestoreMode.IN_PLACE, Map.of(), List.of("docs"), null);

        assertThatThrownBy(() -> agent.restore(location(), snapshot, spec, ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.getMessage()).startsWith("paths [docs] cannot be restored in place");
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(siblings(production)).containsExactly("kb");
    }

    @Test
    void inPlaceRestoresBesideProductionThenSwitchesInAndBackToExactlyThePreviousState() throws Exception {
        Snapshot snapshot = backup();
        SourceTree.change(production);
        Map<String, String> before = SourceTree.picture(production);
        Map<String, FileTime> beforeTimes = SourceTree.modificationTimes(production);
        Path staging = production.resolveSibling("kb.restoring-r-5");

        RestoredData restored = agent.restore(location(), snapshot, inPlace("r-5"), ProgressListener.NONE);

        assertThat(restored).isEqualTo(new RestoredData(staging.toString(), null, NEWEST, null));
        assertThat(SourceTree.picture(staging)).isEqualTo(backedUp);
        assertThat(SourceTree.modificationTimes(staging)).isEqualTo(backedUpTimes);
        assertThat(SourceTree.picture(production)).as("production untouched").isEqualTo(before);
        assertThat(SourceTree.modificationTimes(production)).isEqualTo(beforeTimes);
        assertThat(agent.verifyRestored(location(), snapshot, inPlace("r-5"), restored).ok()).isTrue();

        agent.switchIn(location(), inPlace("r-5"), restored);
        agent.switchIn(location(), inPlace("r-5"), restored);

        assertThat(SourceTree.picture(production)).isEqualTo(backedUp);
        assertThat(SourceTree.modificationTimes(production)).isEqualTo(backedUpTimes);
        assertThat(SourceTree.picture(production.resolveSibling("kb.pre-restore-r-5"))).isEqualTo(before);
        assertThat(siblings(production)).containsExactly("kb", "kb.pre-restore-r-5");

        agent.switchBack(location(), inPlace("r-5"), restored, null);
        agent.switchBack(location(), inPlace("r-5"), restored, null);

        assertThat(SourceTree.picture(production)).isEqualTo(before);
        assertThat(SourceTree.modificationTimes(production)).isEqualTo(beforeTimes);
        assertThat(siblings(production)).containsExactly("kb", "kb.restoring-r-5");

        agent.discard(location(), inPlace("r-5"));
        agent.discard(location(), inPlace("r-5"));

        assertThat(siblings(production)).containsExactly("kb");
        assertThat(SourceTree.picture(production)).isEqualTo(before);
    }

    @Test
    void aDataSourceDirectoryDeletedByHandComesBackInPlaceAndGoesAgainAsAnEmptyOneWhenSwitchedBack() throws Exception {
        Snapshot snapshot = backup();
        DirectoryTree.delete(production);

        RestoredData restored = agent.restore(location(), snapshot, inPlace("r-16"), ProgressListener.NONE);
        agent.switchIn(location(), inPlace("r-16"), restored);

        assertThat(SourceTree.picture(production)).isEqualTo(backedUp);
        assertThat(SourceTree.picture(production.resolveSibling("kb.pre-restore-r-16"))).isEmpty();

        agent.switchBack(location(), inPlace("r-16"), restored, null);

        assertThat(SourceTree.picture(production)).isEmpty();
        assertThat(siblings(production)).containsExactly("kb", "kb.restoring-r-16");
    }

    @Test
    void discardAfterTheSwitchRemovesThePreviousDataKeptAside() throws Exception {
        Snapshot snapshot = backup();
        SourceTree.change(production);
        RestoredData restored = agent.restore(location(), snapshot, inPlace("r-6"), ProgressListener.NONE);
        agent.switchIn(location(), inPlace("r-6"), restored);

        agent.discard(location(), inPlace("r-6"));

        assertThat(siblings(production)).containsExactly("kb");
        assertThat(SourceTree.picture(production)).isEqualTo(backedUp);
    }

    @Test
    void aSwitchInterruptedBetweenItsRenamesIsFinishedByTheNextCallAndNotDiscarded() throws Exception {
        Snapshot snapshot = backup();
        SourceTree.change(production);
        Map<String, String> before = SourceTree.picture(production);
        RestoredData restored = agent.restore(location(), snapshot, inPlace("r-7"), ProgressListener.NONE);
        Files.move(production, production.resolveSibling("kb.pre-restore-r-7")); // the first rename alone

        assertThatThrownBy(() -> agent.discard(location(), inPlace("r-7")))
                .isInstanceOf(AgentException.class).hasMessageContaining("is the only copy of " + production);
        agent.switchIn(location(), inPlace("r-7"), restored);

        assertThat(SourceTree.picture(production)).isEqualTo(backedUp);
        assertThat(SourceTree.picture(production.resolveSibling("kb.pre-restore-r-7"))).isEqualTo(before);
    }

    @Test
    void aDamagedBackupFailsBeforeTheSwitchLeavingProductionAsItWasAndDiscardLeavesNothing() throws Exception {
        Snapshot snapshot = backup();
        SourceTree.change(production);
        Map<String, String> before = SourceTree.picture(production);
        Map<String, FileTime> beforeTimes = SourceTree.modificationTimes(production);
        String failure = damageBackup();

        assertThatThrownBy(() -> agent.restore(location(), snapshot, inPlace("r-8"), ProgressListener.NONE))
                .isInstanceOf(AgentException.class).hasMessageContaining(failure);
        agent.discard(location(), inPlace("r-8"));

        assertThat(SourceTree.picture(production)).isEqualTo(before);
        assertThat(SourceTree.modificationTimes(production)).isEqualTo(beforeTimes);
        assertThat(siblings(production)).containsExactly("kb");
    }

    @Test
    void whatARestoreKilledMidwayLeftIsClearedByTheNextAttemptOrByDiscard() throws Exception {
        Snapshot snapshot = backup();
        Path halfWritten = production.resolveSibling(".kb.restoring-r-15");
        SourceTree.write(halfWritten, "docs/half.txt", new byte[] {1});

        agent.restore(location(), snapshot, inPlace("r-15"), ProgressListener.NONE);
        assertThat(SourceTree.picture(production.resolveSibling("kb.restoring-r-15"))).isEqualTo(backedUp);
        assertThat(siblings(production)).containsExactly("kb", "kb.restoring-r-15");

        SourceTree.write(halfWritten, "docs/half.txt", new byte[] {1});
        agent.discard(location(), inPlace("r-15"));
        assertThat(siblings(production)).containsExactly("kb");
    }

    @Test
    void aRepeatedRestoreStartsAgainFromACleanStagingDirectory() throws Exception {
        Snapshot snapshot = backup();
        RestoredData first = agent.restore(location(), snapshot, inPlace("r-9"), ProgressListener.NONE);
        SourceTree.write(Path.of(first.location()), "left/by-the-first-attempt.txt", new byte[] {1});

        RestoredData again = agent.restore(location(), snapshot, inPlace("r-9"), ProgressListener.NONE);

        assertThat(again).isEqualTo(first);
        assertThat(SourceTree.picture(Path.of(again.location()))).isEqualTo(backedUp);
    }

    @Test
    void anAlternateDestinationIsOnlyEverReplacedOrDiscardedByTheRestoreThatWroteIt() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/kb");
        agent.restore(location(), snapshot, alternate("r-10", destination), ProgressListener.NONE);
        SourceTree.write(destination, "added/afterwards.txt", new byte[] {1});

        agent.restore(location(), snapshot, alternate("r-10", destination), ProgressListener.NONE);
        assertThat(SourceTree.picture(destination)).as("the repeated restore started again").isEqualTo(backedUp);

        assertThat(agent.capacityProblem(location(), snapshot, alternate("r-11", destination)))
                .contains("restore destination " + destination + " is not an empty directory");
        assertThatThrownBy(() -> agent.restore(location(), snapshot, alternate("r-11", destination), ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("restore destination " + destination + " is not an empty directory");
                    assertThat(e.isRetryable()).isFalse();
                });
        agent.discard(location(), alternate("r-11", destination));
        assertThat(SourceTree.picture(destination)).as("another restore's data stays").isEqualTo(backedUp);

        agent.discard(location(), alternate("r-10", destination));
        assertThat(siblings(destination)).isEmpty();
    }

    @Test
    void anAlternateDestinationInsideTheDataSourceIsRefused() throws Exception {
        Snapshot snapshot = backup();

        assertThatThrownBy(() -> agent.restore(location(), snapshot, alternate("r-12", production.resolve("restored")),
                ProgressListener.NONE))
                .isInstanceOf(AgentException.class).hasMessageContaining("lies inside the data source's directory");
        assertThat(SourceTree.picture(production)).isEqualTo(backedUp);
    }

    @Test
    void verifyRestoredNamesFilesChangedMissingOrAddedAfterTheRestore() throws Exception {
        Snapshot snapshot = backup();
        Path destination = dir.resolve("restored/kb");
        RestoreSpec spec = alternate("r-13", destination);
        RestoredData restored = agent.restore(location(), snapshot, spec, ProgressListener.NONE);
        Files.writeString(destination.resolve("docs/readme.txt"), "one line more\n", StandardOpenOption.APPEND);

        Verification changed = agent.verifyRestored(location(), snapshot, spec, restored);

        assertThat(changed.ok()).isFalse();
        assertThat(changed.detail()).isEqualTo("1 restored files in " + destination + " differ from " + record(snapshot)
                + ": file docs/readme.txt has 34 bytes, " + record(snapshot) + " says 20");

        Files.delete(destination.resolve(SourceTree.BINARY));
        SourceTree.write(destination, "docs/planted.txt", new byte[] {1});
        Verification more = agent.verifyRestored(location(), snapshot, spec, restored);
        assertThat(more.ok()).isFalse();
        assertThat(more.detail()).startsWith("3 restored files").contains("file " + SourceTree.BINARY + " is missing")
                .contains("file docs/planted.txt is not in " + record(snapshot));
    }

    @Test
    void capacityProblemNamesWhereTheRestoreWritesWhatItNeedsAndWhatIsFree() throws Exception {
        BackupAgent tight = agent(path -> 100_000);
        Snapshot snapshot = backup();
        long bytes = backedUp.values().stream().filter(v -> !v.equals("<dir>")).mapToLong(v -> v.length() / 2).sum();
        Path destination = dir.resolve("restored/not/yet/there");

        assertThat(tight.capacityProblem(location(), snapshot, inPlace("r-14"))).contains("restoring " + bytes + " bytes into "
                + production.resolveSibling("kb.restoring-r-14") + " needs 1.1 x that = " + (long) Math.ceil(bytes * 1.1)
                + " bytes free, and " + production.getParent() + " has 100000 bytes free");
        assertThat(tight.capacityProblem(location(), snapshot, alternate("r-14", destination)))
                .hasValueSatisfying(problem -> assertThat(problem).endsWith(", and " + dir + " has 100000 bytes free"));
        assertThat(tight.capacityProblem(location(), snapshot, alternate("r-14", destination, "docs", SourceTree.NON_ASCII)))
                .as("the few files asked for fit").isEmpty();
        assertThat(agent.capacityProblem(location(), snapshot, inPlace("r-14"))).as("this disk has room").isEmpty();
    }
}
