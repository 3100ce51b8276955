package io.lifeboat.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;

import static io.lifeboat.backup.BackupRunbook.Variables.ARTIFACTS;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.VERIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker logic without an engine or a database, with the real files and restic agents on the test catalog: what
 * a worker that was killed before completing leaves behind, and what the task carries back.
 */
class BackupTaskHandlerTest {

    private static final WorkerProperties WORKER =
            new WorkerProperties(true, Duration.ofMinutes(2), Duration.ofSeconds(1), 1, 3, Duration.ofSeconds(30));

    @TempDir
    Path storage;

    @Test
    void aRepeatedAgentStepAfterAKilledWorkerFindsTheSameSnapshotsInsteadOfMakingNewOnes() throws IOException {
        BackupTaskHandler handler = handler();

        // the first worker made its snapshots and died before the engine heard of it: its completion never arrived
        RecordingTask killed = task(BackupRunbook.TOPIC_AGENT, "b-repeat", "notes");
        handler.handle(killed);
        Path archive = storage.resolve("notes/files/articles/b-repeat.tar.gz");
        FileTime written = Files.getLastModifiedTime(archive);
        RecordingTask replacement = task(BackupRunbook.TOPIC_AGENT, "b-repeat", "notes");
        handler.handle(replacement);

        assertThat(replacement.completed).containsKey(ARTIFACTS.name());
        assertThat(snapshots(replacement)).isEqualTo(snapshots(killed)).singleElement()
                .satisfies(made -> assertThat(made.snapshot().snapshotId()).isEqualTo("b-repeat"));
        assertThat(Files.getLastModifiedTime(archive)).as("the archive is not written again").isEqualTo(written);
        try (Stream<Path> files = Files.list(archive.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("b-repeat.tar.gz", "b-repeat.manifest.json");
        }
    }

    @Test
    void resticFindsItsEarlierSnapshotByTheBackupId() {
        BackupTaskHandler handler = handler();
        RecordingTask killed = task(BackupRunbook.TOPIC_AGENT, "b-restic", "vault");
        handler.handle(killed);
        RecordingTask replacement = task(BackupRunbook.TOPIC_AGENT, "b-restic", "vault");
        handler.handle(replacement);

        assertThat(snapshots(killed)).singleElement().satisfies(made -> assertThat(made.snapshot().snapshotId()).matches("[0-9a-f]{64}"));
        assertThat(snapshots(replacement)).isEqualTo(snapshots(killed));
    }

    @Test
    void verificationTakesTheSnapshotsFromTheTaskAndSendsItsResultsBack() {
        BackupTaskHandler handler = handler();
        RecordingTask backup = task(BackupRunbook.TOPIC_AGENT, "b-verify", "notes");
        handler.handle(backup);

        RecordingTask verify = task(BackupRunbook.TOPIC_VERIFY, "b-verify", "notes");
        verify.variables.put(ARTIFACTS.name(), (String) backup.completed.get(ARTIFACTS.name()));
        handler.handle(verify);

        assertThat(verify.bpmnError).isNull();
        assertThat(AgentResultsJson.verifications((String) verify.completed.get(VERIFICATIONS.name())))
                .singleElement().satisfies(result -> {
                    assertThat(result.dataSource()).isEqualTo("articles");
                    assertThat(result.ok()).isTrue();
                });
    }

    @Test
    void aDataSourceThatFailsForGoodStillReportsTheSnapshotsMadeBeforeIt(@TempDir Path runbooks) throws IOException {
        Files.createDirectories(runbooks.resolve("data/present"));
        Files.writeString(runbooks.resolve("data/present/a.txt"), "kept");
        Files.createDirectories(runbooks.resolve("services"));
        Files.writeString(runbooks.resolve("services/halves.yaml"), """
                id: halves
                name: One data source present, one gone
                tier: 3
                ownerGroup: operators
                rto: PT8H
                rpo: PT24H
                mtd: P3D
                dataSources:
                  - name: present
                    agent: files
                    settings: {path: data/present}
                  - name: gone
                    agent: files
                    settings: {path: data/gone}
                backupPolicy:
                  schedule: "0 0 0 * * *"
                  method: full
                  storageTarget: local
                """);
        RecordingTask task = task(BackupRunbook.TOPIC_AGENT, "b-halves", "halves");

        handler(runbooks).handle(task);

        assertThat(task.completed).isNull();
        assertThat(task.failures).as("a missing directory does not heal: no retries").isEmpty();
        assertThat(task.bpmnError).startsWith(BackupRunbook.ERROR_AGENT_FAILED + ": agent failed: path").contains("gone");
        assertThat(AgentResultsJson.snapshots((String) task.bpmnVariables.get(ARTIFACTS.name())))
                .extracting(DataSourceSnapshot::dataSource).containsExactly("present");
    }

    private BackupTaskHandler handler() {
        return handler(Path.of("src/test/runbooks"));
    }

    private BackupTaskHandler handler(Path runbooks) {
        return new BackupTaskHandler(TestExecutions.on(runbooks, storage), WORKER);
    }

    private static List<DataSourceSnapshot> snapshots(RecordingTask task) {
        assertThat(task.completed).as("completion of %s", task.id()).isNotNull();
        return AgentResultsJson.snapshots((String) task.completed.get(ARTIFACTS.name()));
    }

    private static RecordingTask task(String topic, String backupId, String serviceId) {
        RecordingTask task = new RecordingTask(topic);
        task.variables.put(BACKUP_ID.name(), backupId);
        task.variables.put(SERVICE_ID.name(), serviceId);
        return task;
    }
}
