package io.lifeboat.backup.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

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

import static io.lifeboat.backup.agent.RestoreBenchmark.WALL_TIME_GOAL;
import static io.lifeboat.backup.agent.RestoreBenchmark.goal;
import static io.lifeboat.backup.agent.RestoreBenchmark.median;
import static io.lifeboat.backup.agent.RestoreBenchmark.row;

/**
 * A Lifeboat the runbook benchmarks ({@link RunbookRestores}, {@link DrillBenchmark}) start in their JVM (the quick
 * start's H2 database, the in-process agent worker, no schedule) with the generated data set as catalog service
 * {@value #SERVICE}, and the agent work its runbooks orchestrate, done directly ({@link Bare}).
 */
final class BenchLifeboat implements AutoCloseable {

    static final String SERVICE = "bench";
    static final String DATA_SOURCE = "files";

    /** How Lifeboat is started: a name for the report and the command-line settings. */
    record Settings(String name, List<String> arguments) {
    }

    /** What a benchmark compares on one Lifeboat: the lines it reports. */
    interface Comparison {
        List<String> compare(BenchLifeboat lifeboat, String backupId, String settings) throws Exception;
    }

    private final ConfigurableApplicationContext context;
    private final BenchApi api;

    private BenchLifeboat(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new BenchApi(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
    }

    /**
     * Runs {@code comparison} on a Lifeboat with the defaults, then on one with the worker and job executor polling
     * as in {@link FullStackTest}, so the share of the poll intervals shows; both on the same database and the same
     * backup of the data set, which the first makes through the backup runbook.
     */
    static List<String> withEachSettings(RestoreBenchmarkData data, Path runbooks, Path work, Comparison comparison)
            throws Exception {
        Files.writeString(runbooks.resolve("services").resolve(SERVICE + ".yaml"), service(data));
        Path dataDir = work.resolve("lifeboat");
        List<String> fullStack = Arrays.stream(FullStackTest.class.getAnnotation(SpringBootTest.class).properties())
                .filter(p -> p.startsWith("lifeboat.worker.") || p.startsWith("camunda.bpm.job-execution.")).toList();
        List<Settings> settings = List.of(new Settings("defaults", List.of()),
                new Settings("FullStackTest's " + fullStack, fullStack));
        List<String> report = new ArrayList<>();
        String backupId = null;
        for (Settings each : settings) {
            try (BenchLifeboat lifeboat = start(runbooks, dataDir, each.arguments())) {
                if (backupId == null) {
                    backupId = lifeboat.api().backup();
                }
                report.addAll(comparison.compare(lifeboat, backupId, each.name()));
            }
        }
        return report;
    }

    /** A run of a runbook: from asking to the end its record says, and how much of that its agent steps took. */
    interface RunbookRun {
        double seconds();

        double inAgentSteps();

        /** From {@code asked} to a record's end, an ISO-8601 instant as the API writes it. */
        static double between(Instant asked, Object recordedEnd) {
            return Duration.between(asked, Instant.parse((String) recordedEnd)).toNanos() / 1e9;
        }
    }

    /** A runbook's runs, what each measured, and the bare work's wall times, in the order they ran. */
    record Rounds<T extends RunbookRun>(List<T> runbook, List<Double> bare) {

        /**
         * The medians of the {@code runbookName} runbook ({@code runbookDid}) and the bare work ({@code bareDid}), their
         * ratio against the goal, and where the runbook's extra time went: into its {@code agentSteps} agent steps
         * beyond the bare work ({@code inSteps} says what that is) or elsewhere ({@code elsewhere}).
         */
        List<String> report(String runbookName, String runbookDid, String bareDid, int agentSteps, String inSteps,
                            String elsewhere) {
            List<Double> runbookRuns = runbook.stream().map(RunbookRun::seconds).toList();
            double runbookSeconds = median(runbookRuns);
            double bareSeconds = median(bare);
            double stepSeconds = median(runbook.stream().map(RunbookRun::inAgentSteps).toList());
            double ratio = runbookSeconds / bareSeconds;
            return List.of(
                    row(runbookDid, runbookRuns, ""),
                    row(bareDid, bare, ""),
                    goal("wall time " + runbookName + " / bare", ratio, "<=", WALL_TIME_GOAL, ratio <= WALL_TIME_GOAL),
                    String.format(Locale.ROOT, "    the %s's %.2f s more: %.2f s in its %d agent steps beyond the bare work"
                            + " (%s), %.2f s elsewhere (%s)", runbookName, runbookSeconds - bareSeconds,
                            stepSeconds - bareSeconds, agentSteps, inSteps, runbookSeconds - stepSeconds, elsewhere));
        }
    }

    /**
     * One warm-up of each contender, not kept, then {@code rounds} rounds of one run of each, who goes first
     * alternating; every run into a fresh directory ({@link RestoreBenchmark#inFreshDirectory}).
     */
    static <T extends RunbookRun> Rounds<T> alternate(Path work, int rounds, RestoreBenchmark.Run<T> runbook,
                                                      RestoreBenchmark.Restorer bare) throws Exception {
        RestoreBenchmark.inFreshDirectory(work, runbook);
        RestoreBenchmark.time(work, bare, null);
        Rounds<T> measured = new Rounds<>(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                measured.runbook().add(RestoreBenchmark.inFreshDirectory(work, runbook));
                measured.bare().add(RestoreBenchmark.time(work, bare, null));
            } else {
                measured.bare().add(RestoreBenchmark.time(work, bare, null));
                measured.runbook().add(RestoreBenchmark.inFreshDirectory(work, runbook));
            }
        }
        return measured;
    }

    BenchApi api() {
        return api;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    ServiceDefinition service() {
        return bean(Catalog.class).require(SERVICE);
    }

    /** The bare agent work on {@code backupId}'s snapshot of the service's one data source. */
    Bare bare(String backupId) {
        ServiceDefinition service = service();
        DataSourceAgents agents = bean(DataSourceAgents.class);
        DataSource dataSource = DataSourceAgents.dataSource(service, DATA_SOURCE);
        return new Bare(service, agents.agent(dataSource),
                agents.location(service, dataSource, DataSourceAgents.target(service, null)),
                bean(BackupRepository.class).artifacts(backupId).get(0).snapshot(), bean(RestoredDataChecks.class));
    }

    /** A step of a runbook's run, by the engine's history: when it began and how long it took. */
    record Step(String id, Date started, double seconds) {
    }

    /** Of a runbook's run, those of {@code ids} it went through, in the order they began. */
    List<Step> steps(String processInstanceId, Set<String> ids) {
        return bean(HistoryService.class).createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .orderByHistoricActivityInstanceStartTime().asc().list().stream()
                .filter(step -> ids.contains(step.getActivityId()))
                .map(step -> new Step(step.getActivityId(), step.getStartTime(), step.getDurationInMillis() / 1e3))
                .toList();
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * The agent work a runbook orchestrates, called directly in the same JVM: the files agent's restore (alternate,
     * into an empty directory), its {@code verifyRestored}, and the service's drill checks.
     */
    record Bare(ServiceDefinition service, BackupAgent agent, SourceLocation location, Snapshot snapshot,
                RestoredDataChecks checks) {

        static RestoreSpec spec(Path into) {
            return RestoreSpecs.alternate("bare", into);
        }

        RestoredData restore(Path into) throws Exception {
            return agent.restore(location, snapshot, spec(into), ProgressListener.NONE);
        }

        void verify(Path into, RestoredData restored) throws Exception {
            Verification verification = agent.verifyRestored(location, snapshot, spec(into), restored);
            if (!verification.ok()) {
                throw new IllegalStateException("the bare restore is wrong: " + verification.detail());
            }
        }

        /** Every drill check of the service, on what was restored into {@code into}; all must pass. */
        void check(Path into, RestoredData restored) {
            List<CheckResult> results = checks.run(service.drillChecks(),
                    List.of(new RestoredSource(agent, location, snapshot, restored, spec(into).paths())));
            if (results.stream().anyMatch(result -> !result.passed())) {
                throw new IllegalStateException("a drill check failed on the bare restore: " + results);
            }
        }
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

    private static BenchLifeboat start(Path runbooks, Path dataDir, List<String> settings) {
        List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--lifeboat.data-dir=" + dataDir,
                "--lifeboat.runbooks-dir=" + runbooks,
                "--lifeboat.scheduler.enabled=false"));
        settings.forEach(setting -> arguments.add("--" + setting));
        return new BenchLifeboat(HandStartedContexts.withoutTestTypes(new SpringApplicationBuilder(LifeboatApplication.class))
                .run(arguments.toArray(String[]::new)));
    }
}
