package io.lifeboat.backup.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lifeboat.agent.spi.AgentException;

/**
 * Runs one command-line tool the way integrations.md §7 prescribes for every agent: stdin from /dev/null (a tool must
 * never wait for a password on stdin), stdout and stderr kept apart, inherited variables of the tool's family removed
 * so they cannot override what the data source names, and a time limit after which the tool and its children are
 * killed. Secrets reach a tool only as files named in {@code environment}; neither the command line nor this class's
 * messages ever hold them.
 */
final class ToolProcess {

    /** How a command ended; {@code stdout} is empty when the lines went to a consumer instead. */
    record Result(String command, int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static final File DEV_NULL = new File("/dev/null");
    /**
     * util-linux's setpriv, on every Linux host (and in the image): it sets the tool's parent-death signal, then
     * execs the tool, so the process started is the tool itself and a timeout's kill still reaches it.
     */
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** A tool that exited has closed its stdout unless a child it left behind still holds it. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(30);

    private static final int GIST_LIMIT = 600;

    private ToolProcess() {
    }

    /** A tool's non-blank output lines joined with "; ", capped so a long log cannot flood an error message. */
    static String gist(String output) {
        String joined = String.join("; ", output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return joined.length() <= GIST_LIMIT ? joined : joined.substring(0, GIST_LIMIT) + "…";
    }

    /**
     * Runs {@code commandLine} and keeps its whole stdout.
     *
     * @param command               a short name for messages, such as {@code "pg_dump"}
     * @param environmentFamilies   prefixes of inherited variables to drop (e.g. {@code "PG"}), possibly none; a
     *                              tool may read more than its own family, as restic reads {@code AWS_*}
     */
    static Result run(String command, List<String> commandLine, List<String> environmentFamilies,
                      Map<String, String> environment, Duration timeout) throws AgentException, IOException {
        StringBuilder stdout = new StringBuilder();
        Result result = run(command, commandLine, environmentFamilies, environment, timeout,
                line -> stdout.append(line).append('\n'));
        return new Result(command, result.exitCode(), stdout.toString(), result.stderr());
    }

    /** As {@link #run(String, List, List, Map, Duration)}, handing each stdout line to {@code onLine} as it arrives. */
    static Result run(String command, List<String> commandLine, List<String> environmentFamilies,
                      Map<String, String> environment, Duration timeout, Consumer<String> onLine)
            throws AgentException, IOException {
        Path stderrFile = Files.createTempFile("lifeboat-tool-", ".stderr");
        try {
            ProcessBuilder builder = new ProcessBuilder(diesWithItsStarter(commandLine))
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectError(stderrFile.toFile());
            builder.environment().keySet().removeIf(name -> environmentFamilies.stream().anyMatch(name::startsWith));
            builder.environment().putAll(environment);
            Process process = builder.start();
            StdoutReader reader = new StdoutReader(process, onLine);
            reader.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new AgentException(command + " did not finish within " + timeout + " and was killed", true);
                }
                reader.join(OUTPUT_DRAIN.toMillis());
                if (reader.isAlive()) {
                    throw new AgentException(command + " exited but its stdout stayed open for " + OUTPUT_DRAIN, true);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new AgentException(command + " was interrupted", true, e);
            }
            reader.rethrow();
            return new Result(command, process.exitValue(), "", Files.readString(stderrFile, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stderrFile);
        }
    }

    /**
     * The tool gets SIGKILL when the thread that started it ends, which (this thread waiting for the tool) happens
     * only when the JVM dies: a tool never outlives a killed agent, to go on writing a backup that a new agent is
     * making again, or to hold a repository lock. Left as it is when setpriv is missing or the tool is not an
     * executable file, so a missing tool still fails to start with Java's own message.
     */
    static List<String> diesWithItsStarter(List<String> commandLine) {
        if (!Files.isExecutable(SETPRIV) || !Files.isExecutable(Path.of(commandLine.get(0)))) {
            return commandLine;
        }
        List<String> bound = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        bound.addAll(commandLine);
        return bound;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads stdout on its own thread, so the caller can wait for the process with a time limit. */
    private static final class StdoutReader extends Thread {

        private final Process process;
        private final Consumer<String> onLine;
        private volatile RuntimeException failure;

        StdoutReader(Process process, Consumer<String> onLine) {
            super("tool-stdout-" + process.pid());
            setDaemon(true);
            this.process = process;
            this.onLine = onLine;
        }

        @Override
        public void run() {
            try (BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** A consumer's failure belongs to the caller, as if the lines had been read on its thread. */
        void rethrow() throws IOException {
            if (failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
