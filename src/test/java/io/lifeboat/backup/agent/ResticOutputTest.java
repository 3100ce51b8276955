package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.ProgressListener;

/** restic 0.14's output as captured in docs/samples/restic-0.14-json-samples.txt. */
class ResticOutputTest {

    private static final String FIRST_BACKUP = """
            {"message_type":"status","percent_done":0,"total_files":1,"total_bytes":6}
            {"message_type":"status","percent_done":1,"total_files":4,"files_done":4,"total_bytes":600006,"bytes_done":600006}
            {"message_type":"summary","files_new":4,"files_changed":0,"files_unmodified":0,"dirs_new":1,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":4,"tree_blobs":2,"data_added":601757,"total_files_processed":4,"total_bytes_processed":600006,"total_duration":0.244095639,"snapshot_id":"a6f45bd1"}
            """;
    private static final String VERBOSE_BACKUP = """
            {"message_type":"status","percent_done":0,"total_files":1,"total_bytes":11}
            {"message_type":"status","action":"scan_finished","item":"","duration":0.204881609,"data_size":600015,"data_size_in_repo":0,"metadata_size":0,"metadata_size_in_repo":0,"total_files":5}
            {"message_type":"verbose_status","action":"modified","item":"/data/a.txt","duration":0.001450324,"data_size":11,"data_size_in_repo":93,"metadata_size":0,"metadata_size_in_repo":0,"total_files":0}
            {"message_type":"summary","files_new":1,"files_changed":1,"files_unmodified":3,"dirs_new":0,"dirs_changed":1,"dirs_unmodified":0,"data_blobs":2,"tree_blobs":2,"data_added":2109,"total_files_processed":5,"total_bytes_processed":600015,"total_duration":0.240253711,"snapshot_id":"61dfa859"}
            loading indexes...
            """;
    private static final String UNREADABLE_STDOUT = """
            {"message_type":"status","percent_done":0,"error_count":1}
            {"message_type":"summary","files_new":0,"files_changed":0,"files_unmodified":1,"dirs_new":0,"dirs_changed":2,"dirs_unmodified":1,"data_blobs":0,"tree_blobs":2,"data_added":716,"total_files_processed":1,"total_bytes_processed":2,"total_duration":0.22488816,"snapshot_id":"8e234f64"}
            """;
    private static final String UNREADABLE_STDERR = """
            {"message_type":"error","error":{"Op":"open","Path":"/srv/data","Err":13},"during":"archival","item":"/srv/data"}
            Warning: at least one source file could not be read
            """;
    private static final String LOCKED_STDERR = """
            unable to create lock in backend: repository is already locked by PID 5234 on vm by root (UID 0, GID 0)
            lock was created at 2026-11-22 01:01:46 (2.13393444s ago)
            storage ID 8f161675
            the `unlock` command can be used to remove stale locks
            """;
    private static final String SNAPSHOTS = """
            [{"time":"2026-11-22T01:01:10.444684567Z","parent":"a6f45bd15782970155c27b122664a1cfa46584a48fa39b42e8eb5403bfdff77a","tree":"a48057e686f2625f2b1f2a96d503363aa5225ac1659c9662f33195f6aaaf48ac","paths":["/srv/data"],"hostname":"db01","username":"root","tags":["pg"],"id":"61dfa85959c413b04b4b0552693261a230889b9903a68df0ec91b449590a07b3","short_id":"61dfa859"}]
            """;

    @Test
    void backupStatusLinesReportProgressAndTheSummaryGivesTheShortSnapshotId() {
        List<String> progress = new ArrayList<>();
        ResticOutput.BackupLines lines = new ResticOutput.BackupLines((done, total, message) -> progress.add(done + "/" + total));

        FIRST_BACKUP.lines().forEach(lines);

        assertThat(progress).containsExactly("0/6", "600006/600006");
        assertThat(lines.summary()).contains(new ResticOutput.BackupSummary("a6f45bd1", 600006, 4));
    }

    @Test
    void scanFinishedVerboseAndTextLinesAreIgnored() {
        List<String> progress = new ArrayList<>();
        ResticOutput.BackupLines lines = new ResticOutput.BackupLines((done, total, message) -> progress.add(done + "/" + total));

        VERBOSE_BACKUP.lines().forEach(lines);

        assertThat(progress).containsExactly("0/11");
        assertThat(lines.summary()).contains(new ResticOutput.BackupSummary("61dfa859", 600015, 5));
    }

    @Test
    void exitThreeWithAnUnreadableSourceIsNotRetryableAndSaysWhatCouldNotBeRead() {
        ResticOutput.BackupLines lines = new ResticOutput.BackupLines(ProgressListener.NONE);
        UNREADABLE_STDOUT.lines().forEach(lines);
        assertThat(lines.summary()).contains(new ResticOutput.BackupSummary("8e234f64", 2, 1));

        AgentException failure = ResticFailures.classify(
                new ToolProcess.Result("restic backup", 3, "", UNREADABLE_STDERR), "/srv/repo");

        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .startsWith("restic backup failed (exit 3, repository /srv/repo): some source files could not be read")
                .contains("open /srv/data: errno 13 (during archival of /srv/data)")
                .contains("Warning: at least one source file could not be read");
    }

    @Test
    void wrongPasswordIsNotRetryableAndALockedRepositoryIs() {
        AgentException wrongPassword = ResticFailures.classify(
                new ToolProcess.Result("restic cat config", 1, "", "Fatal: wrong password or no key found\n"), "/r");
        AgentException locked = ResticFailures.classify(new ToolProcess.Result("restic check", 1, "", LOCKED_STDERR), "/r");

        assertThat(wrongPassword.isRetryable()).isFalse();
        assertThat(wrongPassword).hasMessageContaining("wrong password or no key found");
        assertThat(locked.isRetryable()).isTrue();
        assertThat(locked).hasMessageContaining("repository is already locked").hasMessageContaining("PID 5234");
    }

    @Test
    void aMissingRepositoryIsRecognisedAndUnknownExitCodesAreFailures() {
        ToolProcess.Result missing = new ToolProcess.Result("restic cat config", 1, "", """
                Fatal: unable to open config file: stat /tmp/rt/repo/config: no such file or directory
                Is there a repository at the following location?
                /tmp/rt/repo
                """);
        assertThat(ResticFailures.repositoryMissing(missing)).isTrue();
        assertThat(ResticFailures.classify(missing, "/tmp/rt/repo").isRetryable()).isFalse();

        AgentException panic = ResticFailures.classify(new ToolProcess.Result("restic backup", 2, "", "panic: boom\n"), "/r");
        assertThat(panic).hasMessage("restic backup failed (exit 2, repository /r): panic: boom");
    }

    @Test
    void snapshotsStatsAndLsOutputAreRead() throws AgentException {
        assertThat(ResticOutput.snapshots(SNAPSHOTS)).containsExactly(new ResticOutput.SnapshotInfo(
                "61dfa85959c413b04b4b0552693261a230889b9903a68df0ec91b449590a07b3", "61dfa859",
                List.of("/srv/data"), List.of("pg")));
        assertThat(ResticOutput.snapshots("[]\n")).isEmpty();
        assertThat(ResticOutput.totalSize("{\"total_size\":600015,\"total_file_count\":6,\"snapshots_count\":1}\n"))
                .isEqualTo(600015);
        assertThat(ResticOutput.isFileNode("{\"name\":\"a\",\"type\":\"file\",\"path\":\"/tmp/rt/src/a\",\"size\":3,\"struct_type\":\"node\"}"))
                .isTrue();
        assertThat(ResticOutput.isFileNode("{\"name\":\"rt\",\"type\":\"dir\",\"path\":\"/tmp/rt\",\"struct_type\":\"node\"}"))
                .isFalse();
        assertThat(ResticOutput.isFileNode("{\"paths\":[\"/tmp/rt/src\"],\"struct_type\":\"snapshot\"}")).isFalse();
    }
}
