package io.lifeboat.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
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
import io.lifeboat.LifeboatApplication;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.backup.BackupAgentWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issue's acceptance: Lifeboat without its in-process worker, and an agent in a second JVM started from the same
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

    private Process agent;
    private Path agentLog;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "remote-agent");
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aBackupRequestedThroughTheApiIsDoneByAnAgentInItsOwnJvm() throws Exception {
        assertThat(inProcessWorker.getIfAvailable()).as("Lifeboat's own worker is off").isNull();
        agent = startAgent();

        String id = request("notes", "agent on the data host");
        Map<String, Object> backup = await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(agent.isAlive()).as("agent process is running; its log:%n%s", log()).isTrue();
            return get("/api/backups/" + id).getBody();
        }, current -> !"RUNNING".equals(current.get("status")));

        assertThat(backup).as("agent log:%n%s", log()).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("snapshotId", id).containsEntry("error", null);
        assertThat(((Number) backup.get("fileCount")).longValue()).isEqualTo(3);
        Path archive = storage().resolve("notes/files/articles/" + id + ".tar.gz");
        assertThat(((Number) backup.get("bytes")).longValue()).isEqualTo(Files.size(archive));
        assertThat(log()).contains("Lifeboat agent", "works [backup-agent, backup-verify] from http://127.0.0.1:" + port,
                        "backup-agent of backup " + id + " done", "backup-verify of backup " + id + " passed")
                .doesNotContain("Tomcat started", "ProcessEngine default created", "HikariPool");
    }

    private Process startAgent() throws IOException {
        Path data = Path.of(environment.getRequiredProperty("lifeboat.data-dir"));
        Path password = Files.writeString(data.resolve("agent.password"), "operator\n");
        agentLog = data.resolve("agent.log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LifeboatApplication.class.getName(),
                "--lifeboat.mode=agent",
                "--lifeboat.agent.engine-url=http://127.0.0.1:" + port + "/engine-rest",
                "--lifeboat.agent.user=operator",
                // escaped, as on a shell command line, so Spring hands the reference to Lifeboat unresolved
                "--lifeboat.agent.password-ref=\\${file:" + password + "}",
                "--lifeboat.runbooks-dir=" + Path.of(environment.getRequiredProperty("lifeboat.runbooks-dir")).toAbsolutePath(),
                "--lifeboat.data-dir=" + data,
                "--lifeboat.storage.targets.local.path=" + storage())
                .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
    }

    private String log() throws IOException {
        return Files.readString(agentLog);
    }

    private Path storage() {
        return Path.of(environment.getRequiredProperty("lifeboat.storage.targets.local.path"));
    }

    private String request(String service, String reason) {
        ResponseEntity<Map<String, Object>> response = http.withBasicAuth("operator", "operator").exchange("/api/backups",
                HttpMethod.POST, new HttpEntity<>(Map.of("service", service, "reason", reason)), new ParameterizedTypeReference<>() { });
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) response.getBody().get("id");
    }

    private ResponseEntity<Map<String, Object>> get(String path) {
        return http.withBasicAuth("operator", "operator").exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }
}
