package io.lifeboat.backup.agent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lifeboat.FullStackTest;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.drill.DrillRunbook;

import static io.lifeboat.backup.agent.RestoreBenchmark.median;

/**
 * Not a test: {@code ./mvnw -Pbench -DskipTests verify}. On the restore benchmark's generated data set
 * ({@link RestoreBenchmarkData}, by default 256 MiB in about three thousand files) backed up once through the backup
 * runbook of a {@link BenchLifeboat} started in this JVM, measures the {@code restore-drill} runbook, from
 * {@code POST /api/drills {service, backupId}} to its verdict ({@code passed}, the record's {@code timings.finishedAt}),
 * against the bare restore plus checks of the same backup: the files agent's restore (alternate, into an empty
 * directory) and the service's drill checks ({@link RestoredDataChecks}), called directly. Ratio of the wall times,
 * goal at most {@value RestoreBenchmark#WALL_TIME_GOAL}.
 *
 * <p>Once with the defaults and once with the worker and job executor polling as in {@link FullStackTest}; rounds
 * alternate between drill and bare work after a warm-up of each, figures are medians. What the drill spends beyond
 * the bare work is split by the engine's history into its agent steps (the drill's and its restore's, each started
 * at a poll of the worker) and the rest (its jobs, the message that ends the restore, HTTP, records). A goal missed is
 * reported, not failed: the exit status is non-zero only when the benchmark could not run.
 */
public final class DrillBenchmark {

    private static final long MEGABYTES = Long.getLong("bench.drill.megabytes", 256);
    private static final int ROUNDS = Integer.getInteger("bench.drill.rounds", 3);
    /** The drill runbook's steps the agent worker takes from topic {@code drill} on a drill that passes. */
    private static final Set<String> DRILL_STEPS = Set.of(DrillRunbook.Element.PrepareSandbox.id(),
            DrillRunbook.Element.RunChecks.id(), DrillRunbook.Element.TearDownSandbox.id());

    /**
     * One drill: from asking to its verdict, and how long each agent step took, by runbook and step
     * ({@code "drill RunChecks"}, {@code "restore RunChecks"}) in the order they began.
     */
    private record DrillRun(double seconds, Map<String, Double> steps) implements BenchLifeboat.RunbookRun {

        @Override
        public double inAgentSteps() {
            return steps.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private DrillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RestoreBenchmark.report("drill-bench", "Drill benchmark", MEGABYTES, ROUNDS, (data, runbooks, work) ->
                BenchLifeboat.withEachSettings(data, runbooks, work,
                        (lifeboat, backupId, settings) -> compare(lifeboat, backupId, work, settings)));
    }

    private static List<String> compare(BenchLifeboat lifeboat, String backupId, Path work, String settings)
            throws Exception {
        BenchLifeboat.Bare bare = lifeboat.bare(backupId);
        RestoreBenchmark.Restorer bareWork = into -> {
            RestoredData restored = bare.restore(into);
            bare.check(into, restored);
            return restored;
        };
        // the drill restores into a sandbox of its own; the fresh directory's part is the sync before the run
        RestoreBenchmark.Run<DrillRun> drill = into -> drill(lifeboat, backupId);
        BenchLifeboat.Rounds<DrillRun> measured = BenchLifeboat.alternate(work, ROUNDS, drill, bareWork);
        Set<String> steps = measured.runbook().get(0).steps().keySet();
        String perStep = steps.stream().map(step -> String.format(Locale.ROOT, "%s %.2f s", step,
                median(measured.runbook().stream().map(run -> run.steps().get(step)).toList())))
                .collect(Collectors.joining(", "));
        List<String> report = new ArrayList<>(List.of("restore-drill runbook, Lifeboat with " + settings + ":"));
        report.addAll(measured.report("drill", "POST /api/drills {service, backupId} to its verdict (passed)",
                "bare: FilesAgent restore + " + bare.service().drillChecks().size() + " drill checks", steps.size(),
                "waiting for the worker's polls, the restore's verifyRestored, the sandbox's preparation and teardown",
                "its jobs, the restore's end message, HTTP, records"));
        report.add("    its agent steps: " + perStep);
        return report;
    }

    /** A drill of {@code backupId} to its verdict: its time by its record, and its agent steps and its restore's. */
    private static DrillRun drill(BenchLifeboat lifeboat, String backupId) throws Exception {
        Instant asked = Instant.now();
        Map<String, Object> drill = lifeboat.api().drill(backupId);
        @SuppressWarnings("unchecked")
        Map<String, Object> timings = (Map<String, Object>) drill.get("timings");
        double seconds = BenchLifeboat.RunbookRun.between(asked, timings.get("finishedAt"));
        Map<String, Object> restore = lifeboat.api().restoreRecord((String) drill.get("restoreId"));
        Map<String, Double> steps = new LinkedHashMap<>();
        Stream.concat(lifeboat.steps((String) drill.get("processInstanceId"), DRILL_STEPS).stream()
                                .map(step -> new Labelled("drill " + step.id(), step)),
                        lifeboat.steps((String) restore.get("processInstanceId"), RunbookRestores.AGENT_STEPS).stream()
                                .map(step -> new Labelled("restore " + step.id(), step)))
                .sorted(Comparator.comparing(labelled -> labelled.step().started()))
                .forEach(labelled -> steps.merge(labelled.label(), labelled.step().seconds(), Double::sum));
        return new DrillRun(seconds, steps);
    }

    /** A step and the runbook it is of. */
    private record Labelled(String label, BenchLifeboat.Step step) {
    }
}
