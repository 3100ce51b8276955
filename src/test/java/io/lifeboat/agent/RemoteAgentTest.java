package io.lifeboat.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.backup.BackupAgentWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance: Lifeboat without its in-process worker, and an agent in a second JVM started from the same
 * classpath in agent mode, with the operator's password by file reference. A backup requested through the API is
 * done by that agent: it backs up, verifies, and the engine records what it made.
 */
@FullStackTest
@TestPropertySource(properties = "lifeboat.worker.enabled=false")
class RemoteAgentTest {

    private static final Duration FINISH = Duration.ofSeconds(120);

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Environment environment;
    @Autowired
    ObjectProvider<BackupAgentWorker> inProcessWorker;

    private AgentProcess agent;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "remote-agent");
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aBackupRequestedThroughTheApiIsDoneByAnAgentInItsOwnJvm() throws Exception {
        assertThat(inProcessWorker.getIfAvailable()).as("Lifeboat's own worker is off").isNull();
        agent = AgentProcess.start("agent", environment, port);

        BackupApi api = new BackupApi(http);
        String id = api.request("notes", "agent on the data host");
        Map<String, Object> backup = await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(agent.isAlive()).as("agent process is running: " + agent.describe()).isTrue();
            return api.backup(id);
        }, current -> !"RUNNING".equals(current.get("status")));

        assertThat(backup).as(agent.describe()).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("snapshotId", id).containsEntry("error", null);
        assertThat(((Number) backup.get("fileCount")).longValue()).isEqualTo(3);
        Path archive = AgentProcess.storage(environment).resolve("notes/files/articles/" + id + ".tar.gz");
        assertThat(((Number) backup.get("bytes")).longValue()).isEqualTo(Files.size(archive));
        assertThat(agent.log()).contains("Lifeboat agent", "works [backup-agent, backup-verify, backup-delete, backup-restore, drill] from http://127.0.0.1:" + port,
                        "backup-agent of backup " + id + " done", "backup-verify of backup " + id + " passed")
                .doesNotContain("Tomcat started", "ProcessEngine default created", "HikariPool");
    }
}
