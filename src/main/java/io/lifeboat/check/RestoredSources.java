package io.lifeboat.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.SnapshotEntry;

/**
 * The data sources of one run of checks: finds the restored file or database a check reads, and keeps the database
 * connections open across the run (each check in a read-only transaction of its own, rolled back after it, so no
 * check can change restored data that may be switched in next).
 */
final class RestoredSources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestoredSources.class);

    /** A restored file a check reads. */
    record RestoredFile(RestoredSource source, String path, Path file) {

        String describe() {
            return path + " in data source " + source.dataSource();
        }
    }

    /** A restored data source that is a directory of files. */
    record RestoredDirectory(RestoredSource source, Path directory) {
    }

    private final List<RestoredSource> sources;
    private final int queryTimeoutSeconds;
    private final Map<String, RestoredDatabase> connected = new LinkedHashMap<>();
    /** Why a data source could not be connected to, so later checks say so without trying again. */
    private final Map<String, String> unconnectable = new LinkedHashMap<>();

    RestoredSources(List<RestoredSource> sources, int queryTimeoutSeconds) {
        this.sources = List.copyOf(sources);
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /**
     * The restored file at {@code path} (as the backup spells it, relative to the data source's directory): of
     * {@code dataSource} when named, else of the first restored data source whose directory holds it.
     */
    RestoredFile file(String path, String dataSource) throws CheckNotRun {
        Path relative = Path.of(path).normalize();
        if (relative.isAbsolute() || relative.startsWith("..")) {
            throw CheckNotRun.failed("path " + path + " leaves the restored data");
        }
        if (dataSource != null) {
            return fileOf(restoredNamed(dataSource), path, relative);
        }
        for (RestoredSource source : sources) {
            Optional<Path> file = source.directory().map(directory -> directory.resolve(relative)).filter(Files::isRegularFile);
            if (file.isPresent()) {
                return new RestoredFile(source, path, file.get());
            }
        }
        throw missingFile(path);
    }

    private static RestoredFile fileOf(RestoredSource source, String path, Path relative) throws CheckNotRun {
        Path directory = source.directory().orElseThrow(() -> CheckNotRun.failed("data source " + source.dataSource()
                + " was restored as a database (" + source.data().location() + "), not as files"));
        Path file = directory.resolve(relative);
        if (Files.isRegularFile(file)) {
            return new RestoredFile(source, path, file);
        }
        if (!source.brought(path)) {
            throw notAmongPaths(source, path);
        }
        throw CheckNotRun.failed("file " + path + " is missing from the restored data of data source " + source.dataSource()
                + " (" + directory + ")");
    }

    /**
     * No restored directory holds the file: skipped when its backup holds it but the restore left it out on purpose,
     * failed when it should be there.
     */
    private CheckNotRun missingFile(String path) {
        List<String> unlisted = new ArrayList<>();
        for (RestoredSource source : sources) {
            try {
                if (recorded(source, path).isEmpty()) {
                    continue;
                }
            } catch (AgentException e) {
                unlisted.add(source.dataSource() + " (its backup could not be listed: " + e.getMessage() + ")");
                continue;
            }
            if (!source.isRestored()) {
                return CheckNotRun.skipped("data source " + source.dataSource() + ", whose backup holds " + path
                        + ", was not restored");
            }
            if (!source.brought(path)) {
                return notAmongPaths(source, path);
            }
            return CheckNotRun.failed("file " + path + " is missing from the restored data of data source "
                    + source.dataSource() + " (" + source.data().location() + "), though its backup holds it");
        }
        String restored = sources.stream().filter(RestoredSource::isRestored)
                .map(source -> source.dataSource() + " in " + source.data().location()).collect(Collectors.joining(", "));
        return CheckNotRun.failed("file " + path + " is missing from the restored data: it is in no restored data source ("
                + (restored.isEmpty() ? "none was restored" : restored) + ") and in no backup of this restore"
                + (unlisted.isEmpty() ? "" : "; not known for " + String.join(", ", unlisted)));
    }

    private static CheckNotRun notAmongPaths(RestoredSource source, String path) {
        return CheckNotRun.skipped(path + " is not among the paths restored of data source " + source.dataSource() + " ("
                + String.join(", ", source.paths()) + ")");
    }

    /** What the data source's backup recorded of exactly this path, as its agent lists it. */
    Optional<SnapshotEntry> recorded(RestoredSource source, String path) throws AgentException {
        return source.agent().list(source.source(), source.snapshot(), path, 1).entries().stream()
                .filter(entry -> entry.path().equals(path))
                .findFirst();
    }

    /** Every data source of the restore, those it left out too. */
    List<RestoredSource> all() {
        return sources;
    }

    int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    /** The restored directory of {@code dataSource} when named, else of the first restored data source that is one. */
    RestoredDirectory directory(String dataSource) throws CheckNotRun {
        if (dataSource != null) {
            RestoredSource source = restoredNamed(dataSource);
            return new RestoredDirectory(source, source.directory().orElseThrow(() -> CheckNotRun.failed("data source "
                    + dataSource + " was restored as a database (" + source.data().location() + "), not as files")));
        }
        for (RestoredSource source : sources) {
            if (source.directory().isPresent()) {
                return new RestoredDirectory(source, source.directory().get());
            }
        }
        throw noneRestoredAs("a directory of files", "are databases");
    }

    /** Skipped when the restore left out a data source that would be one, else failed: {@code others} say what they are. */
    private CheckNotRun noneRestoredAs(String kind, String others) {
        List<String> left = sources.stream().filter(source -> !source.isRestored()).map(RestoredSource::dataSource).toList();
        if (!left.isEmpty()) {
            return CheckNotRun.skipped("no restored data source is " + kind + "; not restored: " + String.join(", ", left));
        }
        return CheckNotRun.failed("no data source of this restore is " + kind + ": "
                + sources.stream().map(RestoredSource::dataSource).collect(Collectors.joining(", ")) + " " + others);
    }

    /**
     * A connection of its own to a restored database, read-only in a transaction, for work that may outlive its time
     * limit (a script): the caller cuts it off then and closes it, and the connections of the other checks stay as they
     * were. Its session's {@code statement_timeout} is the query timeout, so the server itself ends a query that
     * outlives it, even one whose client was cut off (a server notices that only when it next talks to the client).
     */
    Connection openSeparately(RestoredSource source) throws AgentException, SQLException {
        return open(source, "SET statement_timeout = " + queryTimeoutSeconds * 1000L);
    }

    /** @param setUp SQL run in the session before its read-only transactions, or null */
    private static Connection open(RestoredSource source, String setUp) throws AgentException, SQLException {
        Connection connection = source.agent().connect(source.source(), source.data());
        try {
            if (setUp != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(setUp);
                }
            }
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** The restored database of {@code dataSource} when named, else of the first restored data source that is one. */
    RestoredDatabase database(String dataSource) throws CheckNotRun {
        if (dataSource != null) {
            RestoredSource source = restoredNamed(dataSource);
            if (!source.isDatabase()) {
                throw CheckNotRun.failed("data source " + dataSource + " was restored as files ("
                        + source.data().location() + "), not as a database");
            }
            return connect(source);
        }
        Optional<RestoredSource> database = sources.stream().filter(RestoredSource::isDatabase).findFirst();
        if (database.isPresent()) {
            return connect(database.get());
        }
        throw noneRestoredAs("a database", "hold files");
    }

    private RestoredDatabase connect(RestoredSource source) throws CheckNotRun {
        String name = source.dataSource();
        if (unconnectable.containsKey(name)) {
            throw CheckNotRun.failed(unconnectable.get(name));
        }
        RestoredDatabase database = connected.get(name);
        if (database != null) {
            return database;
        }
        try {
            // the statements' own query timeout cancels their queries
            database = new RestoredDatabase(source, open(source, null), queryTimeoutSeconds);
            connected.put(name, database);
            return database;
        } catch (AgentException | SQLException e) {
            String reason = "cannot connect to the restored database of data source " + name + " ("
                    + source.data().location() + "): " + e.getMessage();
            unconnectable.put(name, reason);
            throw CheckNotRun.failed(reason);
        }
    }

    /** The data source a check names; its check is skipped when the restore left it out. */
    private RestoredSource restoredNamed(String dataSource) throws CheckNotRun {
        RestoredSource named = sources.stream().filter(source -> source.dataSource().equals(dataSource)).findFirst()
                .orElseThrow(() -> CheckNotRun.failed("data source " + dataSource + " is not one of this restore's: "
                        + sources.stream().map(RestoredSource::dataSource).collect(Collectors.joining(", "))));
        if (!named.isRestored()) {
            throw CheckNotRun.skipped("data source " + dataSource + " was not restored");
        }
        return named;
    }

    /** Ends each check's transaction, so the next check sees the restored data as it was and a failed query aborts nothing. */
    void endCheck() {
        connected.values().removeIf(database -> {
            try {
                database.connection().rollback();
                return false;
            } catch (SQLException e) {
                unconnectable.put(database.dataSource(), "the connection to the restored database of data source "
                        + database.dataSource() + " broke: " + e.getMessage());
                close(database);
                return true;
            }
        });
    }

    @Override
    public void close() {
        connected.values().forEach(RestoredSources::close);
        connected.clear();
    }

    private static void close(RestoredDatabase database) {
        try {
            database.connection().close();
        } catch (SQLException e) {
            // the checks are done; a connection that will not close is the agent's to clean up, not a check's failure
            LOG.warn("could not close the connection to the restored database of data source {}: {}", database.dataSource(),
                    e.getMessage());
        }
    }
}
