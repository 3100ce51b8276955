package io.lifeboat.backup.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.BasicAuth;
import io.lifeboat.FullStackTest;
import io.lifeboat.HandStartedContexts;
import io.lifeboat.LifeboatApplication;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.check.RestoredSource;
import io.lifeboat.restore.RestoreRunbook;

import static io.lifeboat.backup.agent.RestoreBenchmark.WALL_TIME_GOAL;
import static io.lifeboat.backup.agent.RestoreBenchmark.goal;
import static io.lifeboat.backup.agent.RestoreBenchmark.median;
import static io.lifeboat.backup.agent.RestoreBenchmark.row;
import static io.lifeboat.backup.agent.RestoreBenchmark.time;

/**
 * The {@code restore} runbook of a Lifeboat started here (the quick start's H2 database, the in-process agent
 * worker) against the work it orchestrates done directly in the same JVM: the files agent's restore, its
 * {@code verifyRestored} and the service's drill checks ({@link RestoredDataChecks}). Once with the defaults and once
 * with the worker and job executor polling as in {@link FullStackTest}, both on the same database and backup, so the
 * share of the poll intervals shows; the time the runbook's agent steps took beyond the bare work, from the engine's
 * history, is the waiting for the worker.
 */
final class RunbookRestores {

    static final String SERVICE = "bench";
    private static final String DATA_SOURCE = "files";
    private static final String OPERATOR = "operator";
    /** The runbook's steps the agent worker takes from topic {@code backup-restore} on an alternate restore. */
    private static final Set<String> AGENT_STEPS = Set.of(RestoreRunbook.Element.CheckCapacity.id(),
            RestoreRunbook.Element.RestoreData.id(), RestoreRunbook.Element.VerifyRestored.id(),
            RestoreRunbook.Element.RunChecks.id());
    private static final Duration FINISH = Duration.ofMinutes(10);
    private static final Duration WATCH = Duration.ofMillis(250);

    /** How Lifeboat is started: a name for the report and the command-line settings. */
    private record Settings(String name, List<String> arguments) {
    }

    private RunbookRestores() {
    }

    static List<String> compare(RestoreBenchmarkData data, Path runbooks, Path work, int rounds) throws Exception {
        Files.writeString(runbooks.resolve("services").resolve(SERVICE + ".yaml"), service(data));
        Path dataDir = work.resolve("lifeboat");
        List<String> fullStack = Arrays.stream(FullStackTest.class.getAnnotation(SpringBootTest.class).properties())
                .filter(p -> p.startsWith("lifeboat.worker.") || p.startsWith("camunda.bpm.job-execution.")).toList();
        List<Settings> settings = List.of(new Settings("defaults", List.of()),
                new Settings("FullStackTest's " + fullStack, fullStack));
        List<String> report = new ArrayList<>();
        String backupId = null;
        for (Settings each : settings) {
            try (ConfigurableApplicationContext lifeboat = start(runbooks, dataDir, each.arguments())) {
                Api api = new Api(Integer.parseInt(lifeboat.getEnvironment().getRequiredProperty("local.server.port")));
                if (backupId == null) {
                    backupId = api.backup();
                }
                report.addAll(compare(lifeboat, api, backupId, work, rounds, each.name()));
            }
        }
        return report;
    }

    private static List<String> compare(ConfigurableApplicationContext lifeboat, Api api, String backupId, Path work,
                                        int rounds, String settings) throws Exception {
        ServiceDefinition service = lifeboat.getBean(Catalog.class).require(SERVICE);
        DataSourceAgents agents = lifeboat.getBean(DataSourceAgents.class);
        RestoredDataChecks checks = lifeboat.getBean(RestoredDataChecks.class);
        HistoryService history = lifeboat.getBean(HistoryService.class);
        DataSource dataSource = DataSourceAgents.dataSource(service, DATA_SOURCE);
        BackupAgent agent = agents.agent(dataSource);
        SourceLocation location = agents.location(service, dataSource, DataSourceAgents.target(service, null));
        Snapshot snapshot = lifeboat.getBean(BackupRepository.class).artifacts(backupId).get(0).snapshot();

        RestoreBenchmark.Restorer bare = into -> {
            RestoreSpec spec = RestoreSpecs.alternate("bare", into);
            RestoredData restored = agent.restore(location, snapshot, spec, ProgressListener.NONE);
            Verification verification = agent.verifyRestored(location, snapshot, spec, restored);
            List<CheckResult> results = checks.run(service.drillChecks(),
                    List.of(new RestoredSource(agent, location, snapshot, restored, spec.paths())));
            if (!verification.ok() || results.stream().anyMatch(result -> !result.passed())) {
                throw new IllegalStateException("the bare restore failed: " + verification.detail() + "; " + results);
            }
            return restored;
        };
        List<Double> runbookRuns = new ArrayList<>();
        List<Double> inAgentSteps = new ArrayList<>();
        RestoreBenchmark.Restorer runbook = into -> {
            Instant asked = Instant.now();
            Map<String, Object> restore = api.restore(backupId, into);
            runbookRuns.add(Duration.between(asked, Instant.parse((String) restore.get("finishedAt"))).toNanos() / 1e9);
            inAgentSteps.add(history.createHistoricActivityInstanceQuery()
                    .processInstanceId((String) restore.get("processInstanceId")).list().stream()
                    .filter(step -> AGENT_STEPS.contains(step.getActivityId()))
                    .mapToLong(HistoricActivityInstance::getDurationInMillis).sum() / 1e3);
            return new RestoredData(into.toString(), null, null, null);
        };
        time(work, runbook, null);
        time(work, bare, null);
        runbookRuns.clear();
        inAgentSteps.clear();
        List<Double> bareRuns = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // who goes first alternates; the runbook's time is what its record says, see Api#restore
            if (round % 2 == 0) {
                time(work, runbook, null);
                bareRuns.add(time(work, bare, null));
            } else {
                bareRuns.add(time(work, bare, null));
                time(work, runbook, null);
            }
        }
        double runbookSeconds = median(runbookRuns);
        double bareSeconds = median(bareRuns);
        double stepSeconds = median(inAgentSteps);
        double ratio = runbookSeconds / bareSeconds;
        return List.of(
                "restore runbook, Lifeboat with " + settings + ":",
                row("POST /api/restores (alternate) to SUCCEEDED", runbookRuns, ""),
                row("bare: FilesAgent restore + verifyRestored + " + service.drillChecks().size() + " drill checks",
                        bareRuns, ""),
                goal("wall time runbook / bare", ratio, "<=", WALL_TIME_GOAL, ratio <= WALL_TIME_GOAL),
                String.format(Locale.ROOT, "    the runbook's %.2f s more: %.2f s in its %d agent steps beyond the bare work"
                        + " (mostly waiting for the worker's next poll), %.2f s elsewhere (its jobs, HTTP, records)",
                        runbookSeconds - bareSeconds, stepSeconds - bareSeconds, AGENT_STEPS.size(),
                        runbookSeconds - stepSeconds));
    }

    /** The data set as a catalog service, with checks of the kinds a service's drill checks have. */
    private static String service(RestoreBenchmarkData data) {
        return """
                id: %s
                name: Restore benchmark data
                tier: 2
                ownerGroup: operators
                rto: PT1H
                rpo: PT24H
                mtd: P1D
                dataSources:
                  - name: %s
                    agent: files
                    settings:
                      path: %s
                      compression: gzip
                backupPolicy:
                  schedule: "0 0 3 * * *"
                  method: full
                  storageTarget: local
                drillChecks:
                  - name: log intact
                    type: fileChecksum
                    path: %s
                  - name: blob intact
                    type: fileChecksum
                    path: %s
                  - name: every row
                    type: rowCount
                    file: %s
                    expected: %d
                """.formatted(SERVICE, DATA_SOURCE, RestoreBenchmark.DATA_PATH, RestoreBenchmarkData.LOG_FILE,
                RestoreBenchmarkData.BLOB_FILE, data.csvFile(), data.csvRows());
    }

    private static ConfigurableApplicationContext start(Path runbooks, Path dataDir, List<String> settings) {
        List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--lifeboat.data-dir=" + dataDir,
                "--lifeboat.runbooks-dir=" + runbooks,
                "--lifeboat.scheduler.enabled=false"));
        settings.forEach(setting -> arguments.add("--" + setting));
        return HandStartedContexts.withoutTestTypes(new SpringApplicationBuilder(LifeboatApplication.class))
                .run(arguments.toArray(String[]::new));
    }

    /** Lifeboat's API as an operator. */
    private static final class Api {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ObjectMapper json = new ObjectMapper();
        private final int port;

        Api(int port) {
            this.port = port;
        }

        /** Backs the service up through the backup runbook: the id of the verified backup. */
        String backup() throws Exception {
            String id = (String) post("/api/backups", Map.of("service", SERVICE, "reason", "the restore benchmark's data"))
                    .get("id");
            Map<String, Object> backup = await("/api/backups/" + id, "status");
            if (!"SUCCEEDED".equals(backup.get("status")) || !Boolean.TRUE.equals(backup.get("verified"))) {
                throw new IllegalStateException("the benchmark's backup did not succeed verified: " + backup);
            }
            return id;
        }

        /**
         * An alternate restore into {@code into}: its record once it says SUCCEEDED. The record's {@code finishedAt}
         * says when; asking for it only every {@link RunbookRestores#WATCH} leaves the cores to the restore.
         */
        Map<String, Object> restore(String backupId, Path into) throws Exception {
            Map<String, Object> started = post("/api/restores", Map.of("service", SERVICE, "backupId", backupId,
                    "reason", "restore benchmark", "target", Map.of("mode", "alternate",
                            "dataSources", Map.of(DATA_SOURCE, Map.of("path", into.toString())))));
            Map<String, Object> restore = await("/api/restores/" + started.get("id"), "state");
            if (!"SUCCEEDED".equals(restore.get("state"))) {
                throw new IllegalStateException("the benchmark's restore did not succeed: " + restore);
            }
            return restore;
        }

        /** The record once its {@code field} says neither RUNNING nor AWAITING_APPROVAL. */
        private Map<String, Object> await(String path, String field) throws Exception {
            long deadline = System.nanoTime() + FINISH.toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, Object> record = get(path);
                if (Stream.of("RUNNING", "AWAITING_APPROVAL").noneMatch(state -> state.equals(record.get(field)))) {
                    return record;
                }
                Thread.sleep(WATCH.toMillis());
            }
            throw new IllegalStateException(path + " did not finish within " + FINISH);
        }

        private Map<String, Object> post(String path, Map<String, Object> body) throws Exception {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(), 202);
        }

        private Map<String, Object> get(String path) throws Exception {
            return send(request(path).GET().build(), 200);
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", BasicAuth.demo(OPERATOR));
        }

        private Map<String, Object> send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + answer.statusCode()
                        + ": " + answer.body());
            }
            return json.readValue(answer.body(), new TypeReference<>() { });
        }
    }
}
