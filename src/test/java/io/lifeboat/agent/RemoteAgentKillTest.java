package io.lifeboat.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.TestRunbooks;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.backup.agent.ResticRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "a worker killed mid-backup is replaced after the lock expires, and the agents' idempotency means the
 * retry finds or redoes that snapshot, never leaving two", with real processes: agent #1 (a JVM in agent mode) is
 * caught while its restic backs up, and the host "dies" (the JVM and restic SIGKILLed together). Agent #2 takes the
 * task over once the short lock has expired and the backup ends verified with exactly one snapshot for its id.
 *
 * <p>Restic rather than the files agent, because restic is where a second snapshot is a real risk: a killed
 * {@code restic backup} leaves data and a lock in the repository, and every attempt makes a new snapshot unless it
 * finds the tagged one. The services ({@code bulk-*}) live in a catalog of this test's own, so the shared test catalog
 * does not grow; its many small files make restic take a few seconds, long enough to be caught mid-way.
 */
@FullStackTest
@TestPropertySource(properties = "lifeboat.worker.enabled=false")
class RemoteAgentKillTest {

    /** Short, so agent #2 need not wait long for agent #1's lock to expire; the agents extend it while they work. */
    private static final String LOCK = "--lifeboat.worker.lock-duration=PT2S";
    /** Restic spends its time per file: this many take it a few seconds here, longer than the lock lasts. */
    private static final int FILES = 20_000;
    private static final Path RESTIC = Path.of("/usr/bin/restic");

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Environment environment;
    @Autowired
    ExternalTaskService externalTasks;

    private AgentProcess first;
    private AgentProcess second;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestDataDirectory.register(registry, "remote-agent-kill");
        Path runbooks = TestRunbooks.create("remote-agent-kill");
        for (Death death : Death.values()) {
            Files.createDirectories(runbooks.resolve("data/" + death.service));
            Files.writeString(runbooks.resolve("services/" + death.service + ".yaml"), """
                    id: %1$s
                    name: Many small files, backed up by restic
                    tier: 3
                    ownerGroup: operators
                    rto: PT8H
                    rpo: PT24H
                    mtd: P3D
                    dataSources:
                      - name: files
                        agent: restic
                        settings:
                          paths: [data/%1$s]
                          passwordRef: "${file:secrets/vault-restic.password}"
                    backupPolicy:
                      schedule: "0 0 0 * * *"
                      method: incremental
                      storageTarget: local
                    """.formatted(death.service));
        }
        registry.add("lifeboat.runbooks-dir", runbooks::toString);
    }

    /** Killed, not stopped: an orderly stop waits for the agent's long poll at the engine (20 s) for nothing. */
    @AfterEach
    void stopAgents() throws InterruptedException {
        for (AgentProcess agent : new AgentProcess[] {first, second}) {
            if (agent != null && agent.isAlive()) {
                agent.killHostHard();
            }
        }
    }

    /** How agent #1 dies; each way backs up a service of its own, so the runs share no files or repository. */
    enum Death {
        /** The host dies: the JVM and its restic are killed together. */
        HOST("bulk-host"),
        /**
         * Only the JVM is killed (OOM killer, kill -9): its restic must not live on and make a snapshot of its own.
         * It gets SIGKILL as its starter dies (ToolProcess); restic would also die of SIGPIPE at its next status line.
         */
        JVM("bulk-jvm");

        final String service;

        Death(String service) {
            this.service = service;
        }
    }

    @ParameterizedTest
    @EnumSource(Death.class)
    void anAgentKilledMidBackupIsReplacedAfterItsLockExpiresAndTheBackupEndsWithOneSnapshot(Death death) throws Exception {
        assertThat(RESTIC).as("restic 0.14 must be installed (apt-get install restic)").isExecutable();
        String service = death.service;
        writeSourceFiles(service);
        BackupApi api = new BackupApi(http);
        first = AgentProcess.start("agent-1", environment, port, LOCK);

        String id = api.request(service, "agent killed mid-backup: " + death);
        // restic reports progress only once it holds its repository lock and reads files: caught then, it is mid-way
        await("agent #1 running restic backup and reporting its progress").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    assertThat(first.isAlive()).as(first.describe()).isTrue();
                    return first.tools().stream().anyMatch(RemoteAgentKillTest::isResticBackup)
                            && first.log().contains("backup-agent of task ");
                });
        if (death == Death.HOST) {
            first.killHostHard();
        } else {
            List<ProcessHandle> tools = first.killJvmOnly();
            await("agent #1's tools dying with it").atMost(Duration.ofSeconds(5))
                    .until(() -> tools.stream().noneMatch(ProcessHandle::isAlive));
        }

        // the kill landed mid-backup: the task was started and never finished, restic made no snapshot and left its lock
        assertThat(first.log()).as(first.describe()).contains("backup-agent of backup " + id + " (" + service + ") started")
                .doesNotContain("backup-agent of backup " + id + " done").doesNotContainPattern("backup-agent of task \\S+ failed");
        assertThat(snapshots(service, id)).as("snapshots tagged for the backup right after the kill").isEmpty();
        try (Stream<Path> locks = Files.list(repository(service).resolve("locks"))) {
            assertThat(locks).as("the lock the killed restic left behind").isNotEmpty();
        }
        assertThat(api.backup(id)).containsEntry("status", "RUNNING");

        second = AgentProcess.start("agent-2", environment, port, LOCK);
        AtomicInteger locksSeen = new AtomicInteger();
        Map<String, Object> backup = await("backup finished by agent #2").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(second.isAlive()).as(second.describe()).isTrue();
                    locksSeen.addAndGet(assertLockHeldWhileAgentTwoWorks());
                    return api.backup(id);
                }, current -> !"RUNNING".equals(current.get("status")));
        // the agent steps outlast the lock, so the check above met agent #2's locks many times: it was not idle
        assertThat(locksSeen).as("checks that met a task locked by agent #2").hasValueGreaterThan(5);

        assertThat(backup).as(second.describe()).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("error", null);
        assertThat(((Number) backup.get("fileCount")).longValue()).isEqualTo(FILES);
        assertThat(second.log()).contains("backup-agent of backup " + id + " done", "backup-verify of backup " + id + " passed");
        List<JsonNode> snapshots = snapshots(service, id);
        assertThat(snapshots).as("snapshots tagged lifeboat-backup:%s", id).hasSize(1);
        assertThat(snapshots.get(0).path("id").asText()).isEqualTo(backup.get("snapshotId"));
        assertThat(snapshots(service, null)).as("snapshots in the repository at all").hasSize(1);
    }

    /**
     * While agent #2 holds a task, its lock must never run out, however long restic takes: an expired lock would let
     * another agent take the same work. Agent #1's lock, by contrast, is meant to run out. Not the query's
     * {@code locked()}, which leaves out the very tasks whose lock has expired. Returns how many tasks agent #2 held.
     */
    private int assertLockHeldWhileAgentTwoWorks() {
        Date now = new Date();
        int held = 0;
        for (ExternalTask task : externalTasks.createExternalTaskQuery().list()) {
            if (task.getWorkerId() != null && task.getWorkerId().startsWith(second.workerIdPrefix())) {
                assertThat(task.getLockExpirationTime()).as("lock of %s task %s", task.getTopicName(), task.getId())
                        .isAfter(now);
                held++;
            }
        }
        return held;
    }

    /** Small files in a few directories: what makes restic slow is the number of files, not their bytes. */
    private void writeSourceFiles(String service) throws IOException {
        Path bulk = Path.of(environment.getRequiredProperty("lifeboat.runbooks-dir")).resolve("data/" + service);
        Path directory = bulk;
        for (int i = 0; i < FILES; i++) {
            if (i % 1_000 == 0) {
                directory = Files.createDirectories(bulk.resolve("d" + i / 1_000));
            }
            Files.write(directory.resolve("f" + i + ".txt"), ("file " + i + "\n").repeat(1 + i % 64).getBytes(StandardCharsets.UTF_8));
        }
    }

    private Path repository(String service) {
        return AgentProcess.storage(environment).resolve(service + "/" + ResticAgent.NAME + "/files");
    }

    /** The repository's snapshots, those tagged for {@code backupId} when not null, as restic itself lists them. */
    private List<JsonNode> snapshots(String service, String backupId) throws IOException, InterruptedException {
        ResticRepository repository = new ResticRepository(repository(service),
                Path.of(environment.getRequiredProperty("lifeboat.runbooks-dir"), "secrets/vault-restic.password"));
        return backupId == null ? repository.snapshots() : repository.snapshotsOf(backupId);
    }

    private static boolean isResticBackup(ProcessHandle process) {
        List<String> arguments = process.info().arguments().map(List::of).orElse(List.of());
        return process.info().command().map(command -> command.endsWith("restic")).orElse(false)
                && !arguments.isEmpty() && arguments.get(0).equals("backup");
    }
}
