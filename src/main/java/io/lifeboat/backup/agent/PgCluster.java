package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lifeboat.agent.spi.AgentException;

/**
 * A restored PostgreSQL cluster's data directory, started and stopped with {@code pg_ctl} as the cluster's user
 * (through the pgBackRest agent's launcher: PostgreSQL refuses to run as root). Its server log goes to
 * {@value #LOG} in the data directory, which only the cluster's user may write to.
 */
final class PgCluster {

    static final String LOG = "lifeboat-restore.log";
    private static final Duration CTL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(300);
    /** pg_ctl status: 0 running, 3 not running, 4 no accessible data directory. */
    private static final int NOT_RUNNING = 3;

    private final Path dataDirectory;
    private final Path binDir;
    private final List<String> launcher;

    PgCluster(Path dataDirectory, Path binDir, List<String> launcher) {
        this.dataDirectory = dataDirectory;
        this.binDir = binDir;
        this.launcher = launcher;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    boolean running() throws AgentException {
        ToolProcess.Result status = pgCtl(CTL_TIMEOUT, "status");
        if (status.exitCode() == 0 || status.exitCode() == NOT_RUNNING) {
            return status.exitCode() == 0;
        }
        throw new AgentException("pg_ctl status finds no PostgreSQL data directory at " + dataDirectory + " (exit "
                + status.exitCode() + "): " + ToolProcess.gist(status.stdout() + status.stderr()), false);
    }

    /** The port in {@code postmaster.pid} while the cluster runs, null when it does not or the file is unreadable. */
    Integer runningPort() throws AgentException {
        if (!running()) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.size() > 3 && lines.get(3).strip().matches("\\d{1,5}") ? Integer.valueOf(lines.get(3).strip()) : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // a data directory only its owner may read: the cluster runs, on a port this agent cannot tell
            return null;
        }
    }

    /**
     * Starts the server on {@code port}, listening on 127.0.0.1 only, with {@code settings} as further {@code -c}
     * options; waits (up to {@code timeout}) until it accepts connections and has left recovery, which a restored
     * cluster does once WAL is replayed to its target and it promoted. A server that stops instead fails with the
     * end of its log.
     */
    void start(int port, List<String> settings, PgConnection probe, Duration timeout) throws AgentException {
        List<String> options = new ArrayList<>(List.of("-c port=" + port, "-c listen_addresses=127.0.0.1"));
        settings.forEach(setting -> options.add("-c " + setting));
        ToolProcess.Result start = pgCtl(timeout.plus(CTL_TIMEOUT), "-l", dataDirectory.resolve(LOG).toString(), "-w",
                "-t", Long.toString(timeout.toSeconds()), "-o", String.join(" ", options), "start");
        if (!start.succeeded()) {
            throw new AgentException("PostgreSQL on " + dataDirectory + " did not start on port " + port + ": "
                    + ToolProcess.gist(start.stdout() + start.stderr()) + logTail(), false);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection session = probe.open(probe.database()); Statement statement = session.createStatement();
                 ResultSet recovery = statement.executeQuery("select pg_is_in_recovery()")) {
                recovery.next();
                if (!recovery.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                if (!running()) {
                    throw new AgentException("PostgreSQL on " + dataDirectory + " stopped during recovery" + logTail(), false);
                }
                AgentException failure = PgClientFailures.classify("connecting to the restored cluster on port " + port, e, probe);
                if (!failure.isRetryable()) {
                    throw failure;
                }
            } catch (IOException e) {
                throw new AgentException("cannot read the password " + probe.password() + ": " + e.getMessage(), false, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AgentException("PostgreSQL on " + dataDirectory + " (port " + port + ") was still in recovery after "
                        + timeout + logTail(), true);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("interrupted waiting for the restored cluster to leave recovery", true, e);
            }
        }
    }

    /** A fast shutdown: sessions are ended, the server checkpoints and exits. Not running, it does nothing. */
    void stop() throws AgentException {
        if (!running()) {
            return;
        }
        ToolProcess.Result stop = pgCtl(CTL_TIMEOUT, "-m", "fast", "-w", "-t", Long.toString(CTL_TIMEOUT.toSeconds()), "stop");
        if (!stop.succeeded()) {
            throw new AgentException("pg_ctl stop of " + dataDirectory + " failed (exit " + stop.exitCode() + "): "
                    + ToolProcess.gist(stop.stdout() + stop.stderr()), true);
        }
    }

    private ToolProcess.Result pgCtl(Duration timeout, String... args) throws AgentException {
        List<String> commandLine = new ArrayList<>(launcher);
        commandLine.addAll(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDirectory.toString()));
        commandLine.addAll(List.of(args));
        try {
            return ToolProcess.run("pg_ctl " + args[args.length - 1], commandLine, List.of("PG"), Map.of(), timeout);
        } catch (IOException e) {
            throw new AgentException("pg_ctl could not run (" + commandLine.get(0) + "): " + e.getMessage(), false, e);
        }
    }

    /** The last lines of the server log, where it says why it stopped, when this agent may read it. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve(LOG), StandardCharsets.UTF_8);
            return "; " + LOG + " ends: " + ToolProcess.gist(String.join("\n", lines.subList(Math.max(0, lines.size() - 6),
                    lines.size())));
        } catch (IOException e) {
            return "; see " + dataDirectory.resolve(LOG);
        }
    }
}
