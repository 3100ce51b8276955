package io.lifeboat.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restore worked by an agent on a data host: the backup lives in the agent's own storage, which Lifeboat's server
 * does not see, and the server has no worker of its own, so every step of the restore (capacity, restore, verify,
 * checks) is the agent's, fetched over {@code /engine-rest} on topic {@code backup-restore}.
 */
@FullStackTest
@TestPropertySource(properties = "lifeboat.worker.enabled=false")
class RemoteAgentRestoreTest {

    private static final Duration FINISH = Duration.ofSeconds(120);

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Environment environment;

    private AgentProcess agent;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "remote-agent-restore");
    }

    @BeforeEach
    void startAgentOnItsOwnStorage() throws Exception {
        Path agentStorage = Files.createDirectories(Path.of(environment.getRequiredProperty("lifeboat.data-dir"), "data-host"));
        agent = AgentProcess.startWithOwnStorage("agent", environment, port, agentStorage);
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        agent.close();
    }

    @Test
    void theAgentThatHoldsTheBackupRestoresItElsewhere() throws Exception {
        BackupApi backups = new BackupApi(http);
        String backupId = backups.request("notes", "to restore on the data host");
        await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(agent.isAlive()).as(agent.describe()).isTrue();
            return "SUCCEEDED".equals(backups.backup(backupId).get("status"));
        });
        assertThat(AgentProcess.storage(environment).resolve("notes/files")).as("the server has no view of it").doesNotExist();
        Path elsewhere = Files.createTempDirectory("lifeboat-remote-restore").resolve("notes");

        ResponseEntity<Map<String, Object>> started = http.withBasicAuth("operator", "operator").exchange("/api/restores",
                HttpMethod.POST, new HttpEntity<>(Map.of("service", "notes", "backupId", backupId, "reason", "restore test",
                        "target", Map.of("mode", "alternate", "dataSources", Map.of("articles", Map.of("path",
                                elsewhere.toString()))))), new ParameterizedTypeReference<>() { });
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) started.getBody().get("id");
        Map<String, Object> restore = await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(agent.isAlive()).as(agent.describe()).isTrue();
            return restoreRecord(id);
        }, record -> !"RUNNING".equals(record.get("state")));

        assertThat(restore).as(agent.describe()).containsEntry("state", "SUCCEEDED");
        Path source = Path.of("src/test/runbooks/data/notes");
        assertThat(files(elsewhere)).isEqualTo(files(source)).isNotEmpty();
        for (String file : files(source)) {
            assertThat(Files.mismatch(elsewhere.resolve(file), source.resolve(file))).as(file).isEqualTo(-1L);
        }
        assertThat(agent.log()).contains("RestoreData of restore " + id + " started", "VerifyRestored of restore " + id);
    }

    private Map<String, Object> restoreRecord(String id) {
        return http.withBasicAuth("operator", "operator").exchange("/api/restores/" + id, HttpMethod.GET, null,
                new ParameterizedTypeReference<Map<String, Object>>() { }).getBody();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString()).sorted().toList();
        }
    }
}
