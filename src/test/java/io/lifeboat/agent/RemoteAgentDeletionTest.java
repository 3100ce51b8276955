package io.lifeboat.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.backup.agent.ResticRepository;
import io.lifeboat.retention.RetentionFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance: "a backup repository that only a remote agent reaches is pruned by that agent". The
 * {@code vault} service's restic repository lives in the agent's own storage directory, which Lifeboat's server does
 * not see (its {@code local} target is another, empty directory), and Lifeboat has no worker of its own: the
 * retention sweep and an approved deletion hand each backup to the agent, which forgets its snapshot, and the
 * engine marks the records deleted.
 */
@FullStackTest
@TestPropertySource(properties = "lifeboat.worker.enabled=false")
class RemoteAgentDeletionTest {

    private static final Duration FINISH = Duration.ofSeconds(120);

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    IdentityService identity;

    private RetentionFixture retention;
    private AgentProcess agent;
    private ResticRepository repository;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "remote-agent-deletion");
    }

    @BeforeEach
    void startAgentOnItsOwnStorage() throws Exception {
        retention = new RetentionFixture(http, jdbc, management, history, identity, environment);
        retention.holdTheDailyTimer();
        Path agentStorage = Files.createDirectories(Path.of(environment.getRequiredProperty("lifeboat.data-dir"), "data-host"));
        agent = AgentProcess.startWithOwnStorage("agent", environment, port, agentStorage);
        repository = new ResticRepository(agentStorage.resolve("vault/" + ResticAgent.NAME + "/tickets"),
                Path.of(environment.getRequiredProperty("lifeboat.runbooks-dir"), "secrets/vault-restic.password"));
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        agent.close();
    }

    @Test
    void theRetentionSweepHandsEachExpiredBackupToTheAgentThatReachesTheRepository() throws Exception {
        List<String> backups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            backups.add(backUp());
        }
        // two backups of one day more than a year ago: the later is that day's and month's newest, the earlier expires
        String monthly = backups.get(2);
        String expired = backups.get(3);
        retention.startedAt(monthly, RetentionFixture.daysAgo(400).plus(12, ChronoUnit.HOURS));
        retention.startedAt(expired, RetentionFixture.daysAgo(400).plus(6, ChronoUnit.HOURS));
        assertThat(repository.snapshotsOf(expired)).as("the agent's repository has the backup").hasSize(1);
        assertThat(Path.of(environment.getRequiredProperty("lifeboat.storage.targets.local.path")).resolve("vault/restic"))
                .as("the server has no view of it").doesNotExist();

        ResponseEntity<Map<String, Object>> started = retention.post("operator", "/api/retention/sweeps", Map.of());
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String sweep = (String) started.getBody().get("id");
        await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(agent.isAlive()).as(agent.describe()).isTrue();
            return history.createHistoricProcessInstanceQuery().processInstanceId(sweep).finished().count() == 1;
        });

        assertThat(backup(expired).get("deletedAt")).as(agent.describe()).isNotNull();
        assertThat(repository.snapshotsOf(expired)).as("forgotten by the agent").isEmpty();
        assertThat(backup(backups.get(1)).get("deletedAt")).as("the newest").isNull();
        assertThat(backup(monthly).get("deletedAt")).isNull();
        for (String id : backups) {
            assertThat(repository.snapshotsOf(id)).as("%s: marked deleted exactly when its snapshot is gone", id)
                    .hasSize(backup(id).get("deletedAt") == null ? 1 : 0);
        }
        assertThat(retention.summary(sweep)).startsWith("vault: kept ").doesNotContain("not deleted");
        assertThat(agent.log()).contains("backup-delete of backup " + expired + " done");
    }

    @Test
    void anApprovedDeletionIsDoneByTheAgent() throws Exception {
        String doomed = backUp();
        String other = backUp();

        assertThat(retention.delete("operator", "/api/backups/" + doomed + "?reason=test%20data").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        Map<String, Object> task = retention.getList("approver", "/engine-rest/task?processInstanceBusinessKey=" + doomed).get(0);
        assertThat(retention.complete("approver", task, true, "").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(agent.isAlive()).as(agent.describe()).isTrue();
            return backup(doomed).get("deletedAt") != null;
        });
        assertThat(repository.snapshotsOf(doomed)).isEmpty();
        assertThat(repository.snapshotsOf(other)).hasSize(1);
        assertThat(agent.log()).contains("backup-delete of backup " + doomed + " done");
    }

    private String backUp() {
        return retention.manual("vault", "pruned by the agent");
    }

    private Map<String, Object> backup(String id) {
        return retention.backup(id);
    }
}
