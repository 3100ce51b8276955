package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.SourceLocation;

/**
 * Exit 3 (some source file unreadable) cannot be provoked with the real restic when tests run as root, so a script
 * replays restic 0.14's captured output for it. What matters is what the agent does next: the snapshot restic still
 * made must lose its backup tag, or a retry would return it as if the backup had succeeded.
 */
class ResticUnreadableSourceTest {

    @TempDir
    Path dir;

    @Test
    void theIncompleteSnapshotIsRetaggedAndTheFailureIsNotRetryable() throws IOException {
        Path calls = dir.resolve("calls.log");
        Path restic = dir.resolve("restic");
        Files.writeString(restic, """
                #!/bin/sh
                echo "$* | password file: $RESTIC_PASSWORD_FILE" >> '%s'
                case "$1" in
                  cat) exit 0 ;;
                  snapshots) echo '[]' ;;
                  backup)
                    echo '{"message_type":"status","percent_done":0,"error_count":1}'
                    echo '{"message_type":"summary","total_files_processed":1,"total_bytes_processed":2,"snapshot_id":"8e234f64"}'
                    echo '{"message_type":"error","error":{"Op":"open","Path":"/srv/data","Err":13},"during":"archival","item":"/srv/data"}' >&2
                    echo 'Warning: at least one source file could not be read' >&2
                    exit 3 ;;
                  unlock) echo 'successfully removed locks' ;;
                  tag) echo 'modified tags on 1 snapshots' ;;
                  *) exit 99 ;;
                esac
                """.formatted(calls));
        Files.setPosixFilePermissions(restic, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("pw"), "secret");
        SourceLocation source = new SourceLocation("kb", "articles",
                Map.of("paths", List.of("data"), "passwordRef", "${file:pw}"), dir, dir.resolve("storage"), BackupMethod.FULL);

        assertThatThrownBy(() -> new ResticAgent(restic.toString()).backup("kb-9", source, ProgressListener.NONE))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains("some source files could not be read")
                            .contains("open /srv/data: errno 13")
                            .contains("snapshot 8e234f64 was retagged lifeboat-incomplete:kb-9");
                });
        assertThat(Files.readAllLines(calls)).last().asString()
                .startsWith("tag --remove lifeboat-backup:kb-9 --add lifeboat-incomplete:kb-9 8e234f64")
                .endsWith("password file: " + dir.resolve("pw"));
    }
}
