package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.lifeboat.agent.spi.AgentException;

/** The info JSON captured from pgBackRest 2.45 (integrations.md §5.2) and its error lines. */
class PgBackRestInfoTest {

    /** What 2.45 printed for an unknown stanza, with exit code 0. */
    private static final String MISSING_STANZA = """
            [{"archive":[],"backup":[],"cipher":"none","db":[],"name":"nope","repo":[{"cipher":"none","key":1,\
            "status":{"code":1,"message":"missing stanza path"}}],"status":{"code":1,"lock":{"backup":{"held":false}},\
            "message":"missing stanza path"}}]""";

    @Test
    void readsTheCapturedInfo() throws Exception {
        PgBackRestInfo info = PgBackRestInfo.parse(sample(), "demo");

        assertThat(info.statusCode()).isEqualTo(PgBackRestInfo.OK);
        assertThat(info.backupRunning()).isFalse();
        assertThat(info.backups()).extracting(PgBackRestInfo.BackupSet::label)
                .containsExactly("20261122-010410F", "20261122-010410F_20261122-010416I");
        PgBackRestInfo.BackupSet incr = info.backup("20261122-010410F_20261122-010416I").orElseThrow();
        assertThat(incr.type()).isEqualTo("incr");
        assertThat(incr.error()).isFalse();
        assertThat(incr.repositoryBytes()).isEqualTo(3048778);
        assertThat(incr.databaseBytes()).isEqualTo(23058117);
        assertThat(incr.stop()).isEqualTo(Instant.ofEpochSecond(1795309457));
        assertThat(incr.annotations()).isEmpty();
        assertThat(incr.databaseCount()).as("only info --set lists databases").isEqualTo(-1);
        assertThat(info.finishedBy(Instant.ofEpochSecond(1795309455))).map(PgBackRestInfo.BackupSet::label)
                .contains("20261122-010410F");
        assertThat(info.finishedBy(Instant.ofEpochSecond(1795309453))).isEmpty();
    }

    @Test
    void aMissingStanzaIsStatusCodeOneThoughInfoExitsZero() throws Exception {
        PgBackRestInfo info = PgBackRestInfo.parse(MISSING_STANZA, "nope");

        assertThat(info.statusCode()).isEqualTo(1);
        assertThat(info.status()).isEqualTo("status code 1 (missing stanza path)");
        assertThat(info.backups()).isEmpty();
        assertThatThrownBy(() -> PgBackRestInfo.parse(MISSING_STANZA, "other"))
                .isInstanceOf(AgentException.class).hasMessageContaining("does not list stanza other");
    }

    @Test
    void classifiesByTheFirstErrorLineNotTheSummaryExitCode() {
        AgentException expire = PgBackRestFailures.classify(new ToolProcess.Result("pgbackrest expire", 104, "", """
                ERROR: [075]: repo1: full backup 20261122-024418F cannot be expired until another full backup has been created on this repo
                ERROR: [104]: expire command encountered 1 error(s), check the log file for details
                """), "main");
        assertThat(expire.isRetryable()).isFalse();
        assertThat(expire.getMessage()).startsWith("pgbackrest expire failed (exit 104, stanza main): ERROR: [075]: repo1: full")
                .contains("until a newer full backup exists");

        AgentException locked = PgBackRestFailures.classify(new ToolProcess.Result("pgbackrest backup", 50, "",
                "ERROR: [050]: unable to acquire lock on file '/tmp/lock/main-backup.lock': Resource temporarily unavailable\n"),
                "main");
        assertThat(locked.isRetryable()).isTrue();

        AgentException option = PgBackRestFailures.classify(new ToolProcess.Result("pgbackrest backup", 37, "",
                "ERROR: [037]: backup command requires option: pg1-path\n"), "main");
        assertThat(option.isRetryable()).isFalse();
        assertThat(option.getMessage()).endsWith("ERROR: [037]: backup command requires option: pg1-path");
    }

    private static String sample() throws Exception {
        try (InputStream in = PgBackRestInfoTest.class.getResourceAsStream("/pgbackrest/info-2.45.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
