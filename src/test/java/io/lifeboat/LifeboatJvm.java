package io.lifeboat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lifeboat in a JVM of its own, started from this test's classpath ({@link TestJvm}) as {@code java -jar lifeboat.jar}
 * would be, its output in a log file so a test can read what it did; killed as a crashing machine would kill it.
 */
public final class LifeboatJvm implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private final String name;
    private final Process process;
    private final Path log;

    private LifeboatJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name tells this JVM's log apart from another's: {@code <logDirectory>/<name>.log}
     * @param args {@code --property=value} arguments
     */
    public static LifeboatJvm start(String name, Path logDirectory, List<String> args) throws IOException {
        Path log = logDirectory.resolve(name + ".log");
        Process process = new ProcessBuilder(TestJvm.commandLine(LifeboatApplication.class, args))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LifeboatJvm(name, process, log);
    }

    /** Waits for the web server of a JVM started with {@code --server.port=0}. @return its port */
    public int awaitPort(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher started = PORT.matcher(log());
            if (started.find()) {
                return Integer.parseInt(started.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Lifeboat stopped before its web server started: " + describe());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Lifeboat's web server did not start within " + timeout + ": " + describe());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the JVM printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** For assertion messages: which JVM, and what it printed. */
    public String describe() throws IOException {
        return name + " (pid " + process.pid() + ") log:\n" + log();
    }

    /** The processes the JVM runs right now (restic, pg_dump, ...), children and theirs. */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /**
     * SIGKILL, as by {@code kill -9} or the kernel's OOM killer: no shutdown hook runs, nothing is flushed or closed.
     * Returns once the JVM is gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** An orderly stop (SIGTERM). @return false when the JVM still runs after {@code timeout} */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An orderly stop, forced if it takes longer than 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (!stop(Duration.ofSeconds(20))) {
            kill();
        }
    }
}
