package io.lifeboat.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupRunbook;
import io.lifeboat.backup.BackupTaskHandler;
import io.lifeboat.backup.RecordingTask;
import io.lifeboat.backup.TestExecutions;
import io.lifeboat.backup.WorkerProperties;
import io.lifeboat.backup.agent.ResticRepository;

import static io.lifeboat.retention.BackupDeletionRunbook.Variables.ARTIFACTS;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DELETED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.SERVICE_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.STORAGE_TARGET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code backup-delete} worker without an engine or a database, with the real files and restic agents: what it
 * deletes, that a second delete of the same backup succeeds, that it keeps its lock while restic prunes, and how a
 * failure ends.
 */
class DeleteTaskHandlerTest {

    /** Short, so restic's forget and prune outlast it several times over: the lock must be extended meanwhile. */
    private static final Duration LOCK = Duration.ofMillis(300);
    private static final WorkerProperties WORKER =
            new WorkerProperties(true, LOCK, Duration.ofSeconds(1), 1, 3, Duration.ofSeconds(30));
    private static final Path RUNBOOKS = Path.of("src/test/runbooks");

    @TempDir
    Path storage;

    @Test
    void resticForgetsTheBackupsSnapshotKeepingTheLockMeanwhileAndASecondDeleteSucceeds() throws Exception {
        BackupExecution execution = TestExecutions.on(RUNBOOKS, storage);
        backUp(execution, "b-kept", "vault");
        String gone = backUp(execution, "b-gone", "vault");
        DeleteTaskHandler handler = new DeleteTaskHandler(execution, WORKER);

        RecordingTask first = deleteTask("b-gone", "vault", gone);
        handler.handle(first);

        assertThat(first.completed).as("%s / %s", first.bpmnError, first.failures).containsEntry(DELETED.name(), true);
        assertThat(first.lockExtensions).as("extended while restic ran, each time by the lock duration")
                .isNotEmpty().containsOnly(LOCK.toMillis());
        assertThat(vault().snapshotsOf("b-gone")).isEmpty();
        assertThat(vault().snapshotsOf("b-kept")).hasSize(1);

        // a worker whose completion never arrived, or a retry: the snapshot is gone already, and that is success
        RecordingTask second = deleteTask("b-gone", "vault", gone);
        handler.handle(second);

        assertThat(second.completed).as("%s / %s", second.bpmnError, second.failures).containsEntry(DELETED.name(), true);
        assertThat(vault().snapshotsOf("b-gone")).isEmpty();
        assertThat(vault().snapshotsOf("b-kept")).hasSize(1);
    }

    @Test
    void theFilesAgentsArchiveAndManifestAreRemovedAndASecondDeleteSucceeds() {
        BackupExecution execution = TestExecutions.on(RUNBOOKS, storage);
        String artifacts = backUp(execution, "b-files", "notes");
        Path archive = storage.resolve("notes/files/articles/b-files.tar.gz");
        assertThat(archive).isRegularFile();
        DeleteTaskHandler handler = new DeleteTaskHandler(execution, WORKER);

        for (int attempt = 1; attempt <= 2; attempt++) {
            RecordingTask task = deleteTask("b-files", "notes", artifacts);
            handler.handle(task);
            assertThat(task.completed).as("attempt %d", attempt).containsEntry(DELETED.name(), true);
        }
        assertThat(archive).doesNotExist();
        assertThat(storage.resolve("notes/files/articles/b-files.manifest.json")).doesNotExist();
    }

    @Test
    void aFailureNoRetryCanMendEndsInTheRunbooksErrorAtOnce(@TempDir Path runbooks) throws IOException {
        Files.writeString(Files.createDirectories(runbooks.resolve("data/tickets")).resolve("t1.txt"), "ticket 1");
        Path password = Files.writeString(Files.createDirectories(runbooks.resolve("secrets")).resolve("restic.password"), "first");
        Files.writeString(Files.createDirectories(runbooks.resolve("services")).resolve("rotated.yaml"), """
                id: rotated
                name: Its restic password was changed in the catalog but not in the repository
                tier: 3
                ownerGroup: operators
                rto: PT8H
                rpo: PT24H
                mtd: P3D
                dataSources:
                  - name: tickets
                    agent: restic
                    settings:
                      paths: [data/tickets]
                      passwordRef: "${file:secrets/restic.password}"
                backupPolicy:
                  schedule: "0 0 0 * * *"
                  method: incremental
                  storageTarget: local
                """);
        String artifacts = backUp(TestExecutions.on(runbooks, storage), "b-password", "rotated");
        Files.writeString(password, "second");
        RecordingTask task = deleteTask("b-password", "rotated", artifacts);

        new DeleteTaskHandler(TestExecutions.on(runbooks, storage), WORKER).handle(task);

        assertThat(task.completed).isNull();
        assertThat(task.failures).as("a wrong password does not heal: no retries").isEmpty();
        assertThat(task.bpmnError).startsWith(BackupDeletionRunbook.ERROR_DELETE_FAILED + ": ")
                .contains("wrong password or no key found");
    }

    @Test
    void aFailureThatMayHealIsRetriedWhileAttemptsAreLeftThenEndsInTheRunbooksError() {
        DeleteTaskHandler handler = new DeleteTaskHandler(TestExecutions.on(RUNBOOKS, storage), WORKER);
        String unknownDataSource = "[{\"dataSource\":\"gone\",\"snapshot\":{\"snapshotId\":\"b-x\"}}]";

        RecordingTask first = deleteTask("b-x", "notes", unknownDataSource);
        handler.handle(first);
        RecordingTask last = deleteTask("b-x", "notes", unknownDataSource);
        last.retries = 1;
        handler.handle(last);

        assertThat(first.failures).singleElement().asString().contains("no longer has data source 'gone'").endsWith("(2 left)");
        assertThat(first.bpmnError).isNull();
        assertThat(last.failures).isEmpty();
        assertThat(last.bpmnError).startsWith(BackupDeletionRunbook.ERROR_DELETE_FAILED + ": ")
                .contains("no longer has data source 'gone'");
    }

    /** Backs up through the agent step's handler, as the backup runbook does; the task's artifacts. */
    private String backUp(BackupExecution execution, String backupId, String serviceId) {
        RecordingTask task = new RecordingTask(BackupRunbook.TOPIC_AGENT);
        task.variables.put(BACKUP_ID.name(), backupId);
        task.variables.put(SERVICE_ID.name(), serviceId);
        new BackupTaskHandler(execution, WORKER).handle(task);
        assertThat(task.completed).as("backup %s: %s", backupId, task.bpmnError).isNotNull();
        return (String) task.completed.get(ARTIFACTS.name());
    }

    private static RecordingTask deleteTask(String backupId, String serviceId, String artifacts) {
        RecordingTask task = new RecordingTask(BackupDeletionRunbook.TOPIC_DELETE);
        task.variables.put(BACKUP_ID.name(), backupId);
        task.variables.put(SERVICE_ID.name(), serviceId);
        task.variables.put(STORAGE_TARGET.name(), "local");
        task.variables.put(ARTIFACTS.name(), artifacts);
        return task;
    }

    private ResticRepository vault() {
        return new ResticRepository(storage.resolve("vault/restic/tickets"), RUNBOOKS.resolve("secrets/vault-restic.password"));
    }
}
