package io.lifeboat.backup.agent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lifeboat.FullStackTest;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.restore.RestoreRunbook;

/**
 * The {@code restore} runbook of a {@link BenchLifeboat} against the work it orchestrates done directly in the same
 * JVM: the files agent's restore, its {@code verifyRestored} and the service's drill checks ({@link RestoredDataChecks}).
 * Once with the defaults and once with the worker and job executor polling as in {@link FullStackTest}, so the share
 * of the poll intervals shows; the time the runbook's agent steps took beyond the bare work, from the engine's
 * history, is the waiting for the worker.
 */
final class RunbookRestores {

    /** The runbook's steps the agent worker takes from topic {@code backup-restore} on an alternate restore. */
    static final Set<String> AGENT_STEPS = Set.of(RestoreRunbook.Element.CheckCapacity.id(),
            RestoreRunbook.Element.RestoreData.id(), RestoreRunbook.Element.VerifyRestored.id(),
            RestoreRunbook.Element.RunChecks.id());

    /** One runbook restore: from asking to its record's {@code finishedAt}, and how much of it its agent steps took. */
    private record RestoreRun(double seconds, double inAgentSteps) implements BenchLifeboat.RunbookRun {
    }

    private RunbookRestores() {
    }

    static List<String> compare(RestoreBenchmarkData data, Path runbooks, Path work, int rounds) throws Exception {
        return BenchLifeboat.withEachSettings(data, runbooks, work,
                (lifeboat, backupId, settings) -> compare(lifeboat, backupId, work, rounds, settings));
    }

    private static List<String> compare(BenchLifeboat lifeboat, String backupId, Path work, int rounds, String settings)
            throws Exception {
        BenchLifeboat.Bare bare = lifeboat.bare(backupId);
        RestoreBenchmark.Restorer bareWork = into -> {
            RestoredData restored = bare.restore(into);
            bare.verify(into, restored);
            bare.check(into, restored);
            return restored;
        };
        RestoreBenchmark.Run<RestoreRun> runbook = into -> {
            Instant asked = Instant.now();
            Map<String, Object> restore = lifeboat.api().restore(backupId, into);
            return new RestoreRun(BenchLifeboat.RunbookRun.between(asked, restore.get("finishedAt")),
                    lifeboat.steps((String) restore.get("processInstanceId"), AGENT_STEPS).stream()
                            .mapToDouble(BenchLifeboat.Step::seconds).sum());
        };
        List<String> report = new ArrayList<>(List.of("restore runbook, Lifeboat with " + settings + ":"));
        report.addAll(BenchLifeboat.alternate(work, rounds, runbook, bareWork).report("runbook",
                "POST /api/restores (alternate) to SUCCEEDED",
                "bare: FilesAgent restore + verifyRestored + " + bare.service().drillChecks().size() + " drill checks",
                AGENT_STEPS.size(), "mostly waiting for the worker's next poll", "its jobs, HTTP, records"));
        return report;
    }
}
