package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.SCRIPT_FILE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.backup.agent.Sha256;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.catalog.GroovyScripts;

/**
 * {@code script {script}}: a Groovy synthetic transaction ("open ticket 1042 and find its row"), a file relative to
 * the runbooks directory as the catalog's hooks are. Its binding: {@code restored}, the restored data sources by name
 * (a {@link Path} for a directory of files, a read-only JDBC {@link Connection} for a database), and {@code log}. It
 * passes when it returns normally (true or anything else) and fails when it returns false or throws, the message being
 * the evidence; it is stopped after {@code lifeboat.checks.query-timeout}. It reads the service's data as a whole, so
 * it is skipped when the restore left a data source or part of one out.
 */
final class ScriptCheck implements CheckType {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptCheck.class);

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, IOException, AgentException, SQLException {
        String script = CheckType.required(check, SCRIPT_FILE);
        List<RestoredSource> sources = restored.all();
        if (sources.isEmpty()) {
            throw CheckNotRun.failed("this restore has no data sources for script " + script + " to read");
        }
        String partial = sources.stream().filter(source -> !source.isRestored() || !source.paths().isEmpty())
                .map(source -> source.dataSource() + (source.isRestored() ? " (only " + String.join(", ", source.paths())
                        + ")" : " (not restored)"))
                .collect(Collectors.joining(", "));
        if (!partial.isEmpty()) {
            throw CheckNotRun.skipped("script " + script + " reads the service's restored data as a whole, and this"
                    + " restore left part of it out: " + partial);
        }
        Path runbooksDir = sources.get(0).source().baseDir().toAbsolutePath().normalize();
        Path file = runbooksDir.resolve(script).normalize();
        if (!file.startsWith(runbooksDir) || !Files.isRegularFile(file)) {
            throw CheckNotRun.failed("script " + script + " is not a file of the runbooks directory " + runbooksDir);
        }
        String ran = "script " + script + " (SHA-256 " + Sha256.of(file) + ") on data sources "
                + sources.stream().map(RestoredSource::dataSource).collect(Collectors.joining(", "));
        Duration limit = Duration.ofSeconds(restored.queryTimeoutSeconds());
        Map<String, Object> data = new LinkedHashMap<>();
        List<Connection> connections = new ArrayList<>();
        boolean stopped = false;
        try {
            for (RestoredSource source : sources) {
                if (source.isDatabase()) {
                    Connection connection = restored.openSeparately(source);
                    connections.add(connection);
                    data.put(source.dataSource(), connection);
                } else {
                    data.put(source.dataSource(), source.directory().orElseThrow());
                }
            }
            Object result = GroovyScripts.evaluate(file, Map.of("restored", data,
                    "log", LoggerFactory.getLogger("lifeboat.checks." + sources.get(0).source().serviceId())), limit);
            return Boolean.FALSE.equals(result) ? Verdict.failed(ran + " returned false")
                    : Verdict.passed(ran + " returned " + (result == null ? "normally" : Verdict.shortened(result.toString(), 200)));
        } catch (TimeoutException e) {
            stopped = true;
            return Verdict.failed(ran + " ran past its time limit of " + limit.toSeconds()
                    + " s (lifeboat.checks.query-timeout) and was stopped");
        } catch (Exception | AssertionError e) {
            return Verdict.failed(ran + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage().strip()));
        } finally {
            for (Connection connection : connections) {
                close(connection, stopped);
            }
        }
    }

    /** Rolled back and closed; cut off at once when the script was stopped, as it may still be waiting on it. */
    private static void close(Connection connection, boolean stopped) {
        try (connection) {
            if (stopped) {
                connection.abort(Runnable::run);
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            // the check has its result; a connection that will not close is the agent's to clean up
            LOG.warn("could not close a script's connection to a restored database: {}", e.getMessage());
        }
    }
}
