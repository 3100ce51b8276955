package io.lifeboat.backup.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.lifeboat.TestRunbooks;
import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;

/**
 * Not a test: {@code ./mvnw -Pbench -DskipTests verify}. On a generated data set ({@link RestoreBenchmarkData}, by
 * default 256 MiB in about three thousand files), measures in one JVM:
 *
 * <ol>
 * <li>the files agent's restore (alternate, into an empty directory) against {@code tar -xf} of the same archive
 *     into an empty directory, for each compression: throughput of each and the ratio agent / tar (goal: at least
 *     {@value #THROUGHPUT_GOAL});</li>
 * <li>the {@code restore} runbook on a Lifeboat started here, from {@code POST /api/restores} to {@code SUCCEEDED},
 *     against the same agent work called directly ({@link RunbookRestores}): ratio of the wall times (goal: at most
 *     {@value #WALL_TIME_GOAL}).</li>
 * </ol>
 *
 * Runs alternate between the contenders, after one warm-up of each whose result is checked against the backup's
 * manifest (SHA-256 of every file); figures are medians. Every run writes into a fresh directory and the file system
 * is synced before it, so no run pays for the write-back of the one before. A goal missed is reported, not failed:
 * the exit status is non-zero only when the benchmark could not run.
 */
public final class RestoreBenchmark {

    static final double THROUGHPUT_GOAL = 0.8;
    static final double WALL_TIME_GOAL = 1.2;
    /** Where the data set lies, relative to the runbooks directory, as a catalog data source names it. */
    static final String DATA_PATH = "data/bench";

    private static final long MEGABYTES = Long.getLong("bench.restore.megabytes", 256);
    private static final int ROUNDS = Integer.getInteger("bench.restore.rounds", 3);
    private static final Duration TAR_TIMEOUT = Duration.ofMinutes(10);

    private RestoreBenchmark() {
    }

    /** One restore into {@code into}, which does not exist yet. */
    interface Restorer {
        RestoredData restore(Path into) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        report("restore-bench", "Restore benchmark", MEGABYTES, ROUNDS, (data, runbooks, work) -> {
            List<String> report = new ArrayList<>();
            for (ArchiveCompression compression : ArchiveCompression.values()) {
                report.addAll(agentAgainstTar(data, runbooks, work, compression));
            }
            report.addAll(RunbookRestores.compare(data, runbooks, work, ROUNDS));
            return report;
        });
    }

    /** What a benchmark measures on the data set, below {@code work}: the lines it reports. */
    interface Measurement {
        List<String> on(RestoreBenchmarkData data, Path runbooks, Path work) throws Exception;
    }

    /**
     * Writes a data set of {@code megabytes} MiB into a runbooks directory of its own (at {@link #DATA_PATH}), takes
     * the measurement, prints its report under {@code title}, and removes what it wrote.
     */
    static void report(String name, String title, long megabytes, int rounds, Measurement measurement) throws Exception {
        Path runbooks = TestRunbooks.create(name);
        Path work = Files.createTempDirectory("lifeboat-" + name);
        try {
            RestoreBenchmarkData data = RestoreBenchmarkData.write(runbooks.resolve(DATA_PATH), megabytes * 1024 * 1024);
            List<String> report = measurement.on(data, runbooks, work);
            System.out.printf(Locale.ROOT, "%n%s: %.0f MB in %,d files, %d cores, %d alternating rounds after a warm-up,"
                    + " medians%n", title, data.bytes() / 1e6, data.files(), Runtime.getRuntime().availableProcessors(),
                    rounds);
            report.forEach(line -> System.out.println("  " + line));
            System.out.println();
        } finally {
            DirectoryTree.delete(work);
            DirectoryTree.delete(runbooks);
        }
    }

    private static List<String> agentAgainstTar(RestoreBenchmarkData data, Path runbooks, Path work,
                                                ArchiveCompression compression) throws Exception {
        FilesAgent agent = new FilesAgent();
        SourceLocation location = new SourceLocation("bench", "files", Map.of("path", DATA_PATH,
                "compression", compression.settingValue()), runbooks, work.resolve("storage"), BackupMethod.FULL);
        long began = System.nanoTime();
        Snapshot snapshot = agent.backup("bench-" + compression.settingValue(), location, ProgressListener.NONE);
        double backupSeconds = secondsSince(began);
        Path archive = agent.files(location, snapshot).get(0);
        String tarCommand = String.join(" ", tarArguments(compression)) + " " + archive.getFileName();

        String name = "agent-" + compression.settingValue();
        Restorer byAgent = into -> agent.restore(location, snapshot, RestoreSpecs.alternate(name, into), ProgressListener.NONE);
        Restorer byTar = into -> tar(compression, archive, into);
        Restorer[] contenders = {byAgent, byTar};
        List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>());
        for (Restorer contender : contenders) {
            time(work, contender, restored -> agent.verifyRestored(location, snapshot,
                    RestoreSpecs.alternate(name, Path.of(restored.location())), restored));
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int turn = 0; turn < contenders.length; turn++) {
                int contender = (turn + round) % contenders.length; // who goes first alternates
                seconds.get(contender).add(time(work, contenders[contender], null));
            }
        }
        double agentRate = data.bytes() / median(seconds.get(0)) / 1e6;
        double tarRate = data.bytes() / median(seconds.get(1)) / 1e6;
        return List.of(
                String.format(Locale.ROOT, "%s archive: %.0f MB (%.0f%% of the data), backed up by the files agent in %.1f s",
                        compression.settingValue(), snapshot.bytes() / 1e6, 100.0 * snapshot.bytes() / data.bytes(),
                        backupSeconds),
                row("files agent restore (alternate, empty directory)", seconds.get(0),
                        String.format(Locale.ROOT, "%.0f MB/s", agentRate)),
                row(tarCommand + " (empty directory)", seconds.get(1), String.format(Locale.ROOT, "%.0f MB/s", tarRate)),
                goal("throughput agent / tar", agentRate / tarRate, ">=", THROUGHPUT_GOAL, agentRate / tarRate >= THROUGHPUT_GOAL));
    }

    private static List<String> tarArguments(ArchiveCompression compression) {
        return switch (compression) {
            case GZIP -> List.of("tar", "-xzf");
            case ZSTD -> List.of("tar", "--zstd", "-xf");
        };
    }

    private static RestoredData tar(ArchiveCompression compression, Path archive, Path into) throws Exception {
        Files.createDirectory(into);
        List<String> command = new ArrayList<>(tarArguments(compression));
        command.addAll(List.of(archive.toString(), "-C", into.toString()));
        ToolProcess.Result result = ToolProcess.run("tar", command, List.of(), Map.of(), TAR_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                    + result.stderr());
        }
        return new RestoredData(into.toString(), null, null, null);
    }

    /** What checks a restore's result. */
    interface Verifier {
        Verification verify(RestoredData restored) throws AgentException;
    }

    /** One run into {@code into}, which does not exist yet: what it measured. */
    interface Run<T> {
        T into(Path into) throws Exception;
    }

    /**
     * One restore into a fresh directory below {@code work}, which is removed again: its wall time. With a
     * {@code verifier}, what it restored must pass it.
     */
    static double time(Path work, Restorer restorer, Verifier verifier) throws Exception {
        return inFreshDirectory(work, into -> {
            long began = System.nanoTime();
            RestoredData restored = restorer.restore(into);
            double seconds = secondsSince(began);
            if (verifier != null) {
                Verification verification = verifier.verify(restored);
                if (!verification.ok()) {
                    throw new IllegalStateException("a restore of the benchmark's data is wrong: " + verification.detail());
                }
            }
            return seconds;
        });
    }

    /** One run into a fresh directory below {@code work}, which is removed again: what it measured. */
    static <T> T inFreshDirectory(Path work, Run<T> run) throws Exception {
        Path directory = Files.createTempDirectory(work, "run-");
        sync();
        T measured = run.into(directory.resolve("restored"));
        DirectoryTree.delete(directory);
        return measured;
    }

    /** Writes back what earlier runs left dirty, so that the next run's time is its own. */
    private static void sync() throws Exception {
        ToolProcess.Result result = ToolProcess.run("sync", List.of("sync"), List.of(), Map.of(), TAR_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("sync exited with " + result.exitCode() + ": " + result.stderr());
        }
    }

    static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** A contender's median, what it comes to, and every run. */
    static String row(String what, List<Double> seconds, String comesTo) {
        return String.format(Locale.ROOT, "  %-66s %7.2f s  %-10s runs %s", what, median(seconds), comesTo, all(seconds));
    }

    static String goal(String what, double ratio, String comparison, double goal, boolean met) {
        return String.format(Locale.ROOT, "  %-66s %7.2f    goal %s %.1f: %s", "ratio " + what, ratio, comparison, goal,
                met ? "GOAL MET" : "GOAL MISSED");
    }

    private static String all(List<Double> seconds) {
        return Arrays.toString(seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toArray());
    }
}
