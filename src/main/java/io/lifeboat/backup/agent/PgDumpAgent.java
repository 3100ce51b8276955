package io.lifeboat.backup.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.FileListing;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.secret.SecretReference;

/**
 * Logical backup of one PostgreSQL database with the operating system's {@code pg_dump} (integrations.md §5.1).
 *
 * <p>Settings: {@code host} (required), {@code port} (default 5432), {@code database} (required), {@code user}
 * (required), {@code passwordRef} (optional secret reference; without it libpq's usual {@code ~/.pgpass} or trust
 * authentication applies) and {@code globals} (default true: also {@code pg_dumpall --globals-only}, which needs a
 * superuser).
 *
 * <p>A backup is the directory {@code <storageRoot>/pgdump/<dataSource>/<backupId>/} holding {@value
 * PgDumpManifest#DUMP} (custom format), {@value PgDumpManifest#GLOBALS}, {@value PgDumpManifest#ROW_COUNTS} (exact
 * row counts taken in the very snapshot pg_dump dumps) and, written last, {@value PgDumpManifest#FILE_NAME} with every
 * file's SHA-256. A directory without a manifest is an unfinished attempt and is never a backup.
 */
@Component
public class PgDumpAgent implements BackupAgent {

    public static final String NAME = "pgdump";

    /** A large database can take hours; the limit only catches a client that hangs. */
    private static final Duration DUMP_TIMEOUT = Duration.ofHours(12);
    private static final Duration SHORT_TIMEOUT = Duration.ofMinutes(10);

    /** Every ordinary and partitioned table outside the system schemas, already quoted for SQL by the server. */
    private static final String USER_TABLES = """
            select n.nspname, c.relname, format('%I.%I', n.nspname, c.relname)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p') and c.relpersistence <> 't'
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
            order by 1, 2""";

    private final Path binDir;

    public PgDumpAgent(@Value("${lifeboat.agents.pgdump.bin-dir:/usr/bin}") String binDir) {
        this.binDir = Path.of(binDir).toAbsolutePath();
    }

    private record Settings(PgConnection connection, boolean globals) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FileListing list(SourceLocation source, Snapshot snapshot, String prefix, int limit) {
        return FileListing.none("pgdump backups hold databases, not files");
    }

    /** pg_dump has no incremental mode: every dump is the whole database. */
    @Override
    public Set<BackupMethod> honouredMethods() {
        return Set.of(BackupMethod.FULL);
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        AgentSettings reader = new AgentSettings(settings);
        read(reader, Path.of(""));
        return reader.problems();
    }

    @Override
    public Snapshot backup(String backupId, SourceLocation source, ProgressListener progress) throws AgentException {
        AgentSettings.requireSafeName(backupId, "backup id");
        Settings settings = configure(source);
        Path dir = backupDirectory(source, backupId);
        Path manifestFile = dir.resolve(PgDumpManifest.FILE_NAME);
        if (Files.exists(manifestFile)) {
            return describe(readManifest(manifestFile));
        }
        try {
            // whatever is there is an unfinished earlier attempt
            DirectoryTree.delete(dir);
            Files.createDirectories(dir);
            PgDumpManifest manifest = dump(backupId, source, settings, dir, progress);
            Path partial = dir.resolve(PgDumpManifest.FILE_NAME + ".partial");
            manifest.write(partial);
            Files.move(partial, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            progress.progress(manifest.file(PgDumpManifest.DUMP).bytes(), manifest.file(PgDumpManifest.DUMP).bytes(),
                    "pg_dump done: " + manifest.tables() + " tables");
            return describe(manifest);
        } catch (IOException e) {
            removeQuietly(dir);
            throw new AgentException("cannot write backup " + backupId + " into " + dir + ": " + e.getMessage(), true, e);
        } catch (AgentException e) {
            removeQuietly(dir);
            throw e;
        }
    }

    @Override
    public Verification verify(SourceLocation source, Snapshot snapshot) throws AgentException {
        Settings settings = configure(source);
        Path dir = backupDirectory(source, snapshot.snapshotId());
        Path manifestFile = dir.resolve(PgDumpManifest.FILE_NAME);
        if (!Files.exists(manifestFile)) {
            return Verification.failed("backup " + snapshot.snapshotId() + " has no " + PgDumpManifest.FILE_NAME + " in " + dir);
        }
        PgDumpManifest manifest = readManifest(manifestFile);
        String mismatch = checksumMismatch(dir, manifest);
        if (mismatch != null) {
            return Verification.failed(mismatch);
        }
        if (!manifest.file(PgDumpManifest.DUMP).sha256().equals(snapshot.checksum())) {
            return Verification.failed("the dump's SHA-256 in the manifest is not the snapshot's checksum " + snapshot.checksum());
        }
        ToolProcess.Result toc = runClient("pg_restore", settings.connection(), SHORT_TIMEOUT,
                List.of("-l", dir.resolve(PgDumpManifest.DUMP).toString()));
        if (!toc.succeeded()) {
            return Verification.failed("pg_restore -l cannot read the dump (exit " + toc.exitCode() + "): "
                    + ToolProcess.gist(toc.stderr()));
        }
        List<PgDumpManifest.TableRows> tables = readRowCounts(dir);
        Set<String> tocLines = toc.stdout().lines().filter(l -> l.contains(" TABLE ")).collect(Collectors.toSet());
        List<String> missing = tables.stream()
                .filter(t -> tocLines.stream().noneMatch(l -> l.contains(" TABLE " + t.schema() + " " + t.table() + " ")))
                .map(t -> t.schema() + "." + t.table()).toList();
        if (!missing.isEmpty() || tables.size() != manifest.tables()) {
            return Verification.failed("the dump's table of contents lacks " + missing + " of the " + tables.size()
                    + " tables counted at backup time (manifest says " + manifest.tables() + ")");
        }
        return Verification.passed("checksums of " + manifest.files().size() + " files match; pg_restore -l lists all "
                + tables.size() + " tables counted at backup time");
    }

    /** The files the manifest lists, then the manifest. */
    @Override
    public List<Path> files(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path dir = backupDirectory(source, snapshot.snapshotId());
        Path manifestFile = dir.resolve(PgDumpManifest.FILE_NAME);
        if (!Files.exists(manifestFile)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        readManifest(manifestFile).files().forEach(file -> files.add(dir.resolve(file.name())));
        files.add(manifestFile);
        return files;
    }

    /** Copies the backup's files into {@code targetDirectory}, from where {@code pg_restore} restores them by hand. */
    @Override
    public void restore(SourceLocation source, Snapshot snapshot, Path targetDirectory) throws AgentException {
        configure(source);
        Path dir = backupDirectory(source, snapshot.snapshotId());
        PgDumpManifest manifest = readManifest(dir.resolve(PgDumpManifest.FILE_NAME));
        try (RestoreTarget target = RestoreTarget.prepare(targetDirectory)) {
            try {
                for (PgDumpManifest.FileEntry file : manifest.files()) {
                    Files.copy(dir.resolve(file.name()), target.staging().resolve(file.name()));
                }
                Files.copy(dir.resolve(PgDumpManifest.FILE_NAME), target.staging().resolve(PgDumpManifest.FILE_NAME));
            } catch (IOException e) {
                throw new AgentException("cannot copy backup " + snapshot.snapshotId() + " from " + dir + ": "
                        + e.getMessage(), true, e);
            }
            String mismatch = checksumMismatch(target.staging(), manifest);
            if (mismatch != null) {
                throw new AgentException("restored copy of backup " + snapshot.snapshotId() + " is damaged: " + mismatch, false);
            }
            target.complete(target.staging());
        }
    }

    /**
     * Restores the dump into a new database on the data source's server: {@code createdb}, then {@code pg_restore
     * --exit-on-error --single-transaction --no-owner}. An existing database is never touched; if the restore fails,
     * the new database is dropped again so a retry starts clean.
     */
    public void restoreToDatabase(SourceLocation source, Snapshot snapshot, String newDatabase) throws AgentException {
        AgentSettings.requireSafeName(newDatabase, "new database");
        Settings settings = configure(source);
        PgConnection connection = settings.connection();
        Path dir = backupDirectory(source, snapshot.snapshotId());
        PgDumpManifest manifest = readManifest(dir.resolve(PgDumpManifest.FILE_NAME));
        String mismatch = checksumMismatch(dir, manifest);
        if (mismatch != null) {
            throw new AgentException("backup " + snapshot.snapshotId() + " is damaged, not restoring it: " + mismatch, false);
        }
        if (databaseExists(connection, newDatabase)) {
            throw new AgentException("database " + newDatabase + " already exists on " + connection.host() + ":"
                    + connection.port() + "; restoring never overwrites a database, choose a new name", false);
        }
        succeeded(runClient("createdb", connection, SHORT_TIMEOUT,
                List.of("--maintenance-db=" + connection.database(), newDatabase)), connection);
        ToolProcess.Result restore = runClient("pg_restore", connection, DUMP_TIMEOUT, List.of("--exit-on-error",
                "--single-transaction", "--no-owner", "--dbname=" + newDatabase, dir.resolve(PgDumpManifest.DUMP).toString()));
        if (!restore.succeeded()) {
            AgentException failure = PgClientFailures.classify(restore, connection);
            ToolProcess.Result drop = runClient("dropdb", connection, SHORT_TIMEOUT,
                    List.of("--maintenance-db=" + connection.database(), "--if-exists", newDatabase));
            throw new AgentException(failure.getMessage() + (drop.succeeded() ? "; database " + newDatabase + " was dropped again"
                    : "; dropping database " + newDatabase + " failed too, drop it by hand before retrying: "
                            + ToolProcess.gist(drop.stderr())), failure.isRetryable());
        }
    }

    @Override
    public void delete(SourceLocation source, Snapshot snapshot) throws AgentException {
        AgentSettings.requireSafeName(snapshot.snapshotId(), "backup id");
        Path dir = backupDirectory(source, snapshot.snapshotId());
        try {
            DirectoryTree.delete(dir);
        } catch (IOException e) {
            throw new AgentException("cannot delete backup " + snapshot.snapshotId() + " in " + dir + ": " + e.getMessage(), true, e);
        }
    }

    private PgDumpManifest dump(String backupId, SourceLocation source, Settings settings, Path dir, ProgressListener progress)
            throws AgentException, IOException {
        PgConnection connection = settings.connection();
        Path dumpFile = dir.resolve(PgDumpManifest.DUMP);
        List<PgDumpManifest.TableRows> rows;
        String snapshot;
        try (Connection session = open(connection, connection.database())) {
            // the counts and pg_dump must see the same data: pg_dump imports the snapshot this transaction exports
            session.setAutoCommit(false);
            session.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            session.setReadOnly(true);
            snapshot = exportSnapshot(session);
            rows = countRows(session);
            progress.progress(0, 0, "pg_dump of " + rows.size() + " tables in snapshot " + snapshot);
            succeeded(runClient("pg_dump", connection, DUMP_TIMEOUT, List.of("-Fc", "--snapshot=" + snapshot,
                    "-f", dumpFile.toString(), "--dbname=" + connection.database())), connection);
            session.rollback();
        } catch (SQLException e) {
            throw PgClientFailures.classify("counting rows in " + connection.database(), e, connection);
        }
        List<String> names = new ArrayList<>(List.of(PgDumpManifest.DUMP));
        if (settings.globals()) {
            succeeded(runClient("pg_dumpall", connection, SHORT_TIMEOUT, List.of("--globals-only",
                    "-l", connection.database(), "-f", dir.resolve(PgDumpManifest.GLOBALS).toString())), connection);
            names.add(PgDumpManifest.GLOBALS);
        }
        PgDumpManifest.writeRowCounts(dir.resolve(PgDumpManifest.ROW_COUNTS), rows);
        names.add(PgDumpManifest.ROW_COUNTS);
        List<PgDumpManifest.FileEntry> files = new ArrayList<>();
        for (String name : names) {
            Path file = dir.resolve(name);
            try (InputStream in = Files.newInputStream(file)) {
                files.add(new PgDumpManifest.FileEntry(name, Files.size(file), Sha256.of(in)));
            }
        }
        return new PgDumpManifest(source.serviceId(), source.dataSource(), backupId, Instant.now().toString(), snapshot,
                rows.size(), files);
    }

    private static String exportSnapshot(Connection session) throws SQLException {
        try (Statement statement = session.createStatement();
             ResultSet result = statement.executeQuery("select pg_export_snapshot()")) {
            result.next();
            return result.getString(1);
        }
    }

    private static List<PgDumpManifest.TableRows> countRows(Connection session) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = session.createStatement(); ResultSet result = statement.executeQuery(USER_TABLES)) {
            while (result.next()) {
                tables.add(new String[] {result.getString(1), result.getString(2), result.getString(3)});
            }
        }
        List<PgDumpManifest.TableRows> rows = new ArrayList<>();
        for (String[] table : tables) {
            // the name is quoted by format('%I.%I') on the server, so it cannot break out of the statement
            try (Statement statement = session.createStatement();
                 ResultSet result = statement.executeQuery("select count(*) from " + table[2])) {
                result.next();
                rows.add(new PgDumpManifest.TableRows(table[0], table[1], result.getLong(1)));
            }
        }
        return rows;
    }

    private static boolean databaseExists(PgConnection connection, String name) throws AgentException {
        try (Connection session = open(connection, connection.database());
             PreparedStatement query = session.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw PgClientFailures.classify("looking up database " + name, e, connection);
        }
    }

    private static Connection open(PgConnection connection, String database) throws AgentException, SQLException {
        try {
            return connection.open(database);
        } catch (IOException e) {
            throw new AgentException("cannot read the password " + connection.password() + " for " + connection + ": "
                    + e.getMessage(), false, e);
        }
    }

    /** Runs one client tool of {@link #binDir} against the connection, with the password in a PGPASSFILE of its own. */
    private ToolProcess.Result runClient(String tool, PgConnection connection, Duration timeout, List<String> args)
            throws AgentException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binDir.resolve(tool).toString());
        commandLine.addAll(connection.clientArguments());
        commandLine.addAll(args);
        try (PgConnection.PassFile passFile = connection.openPassFile()) {
            return ToolProcess.run(tool, commandLine, List.of("PG"), passFile.environment(), timeout);
        } catch (IOException e) {
            throw new AgentException(tool + " could not run (" + commandLine.get(0) + ", password " + connection.password()
                    + "): " + e.getMessage(), false, e);
        }
    }

    private static void succeeded(ToolProcess.Result result, PgConnection connection) throws AgentException {
        if (!result.succeeded()) {
            throw PgClientFailures.classify(result, connection);
        }
    }

    /** Null when every file in the manifest is there with its size and SHA-256, else what differs. */
    private static String checksumMismatch(Path dir, PgDumpManifest manifest) throws AgentException {
        for (PgDumpManifest.FileEntry file : manifest.files()) {
            Path path = dir.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                return file.name() + " is missing from " + dir;
            }
            try (InputStream in = Files.newInputStream(path)) {
                String actual = Sha256.of(in);
                if (!actual.equals(file.sha256())) {
                    return file.name() + " has SHA-256 " + actual + ", the manifest says " + file.sha256();
                }
            } catch (IOException e) {
                throw new AgentException("cannot read " + path + ": " + e.getMessage(), true, e);
            }
        }
        return null;
    }

    private static PgDumpManifest readManifest(Path file) throws AgentException {
        if (!Files.exists(file)) {
            throw new AgentException("no complete pgdump backup at " + file.getParent() + " (" + PgDumpManifest.FILE_NAME
                    + " is missing)", false);
        }
        try {
            return PgDumpManifest.read(file);
        } catch (IOException e) {
            throw new AgentException("cannot read " + file + ": " + e.getMessage(), false, e);
        }
    }

    private static List<PgDumpManifest.TableRows> readRowCounts(Path dir) throws AgentException {
        try {
            return PgDumpManifest.readRowCounts(dir.resolve(PgDumpManifest.ROW_COUNTS));
        } catch (IOException e) {
            throw new AgentException("cannot read " + dir.resolve(PgDumpManifest.ROW_COUNTS) + ": " + e.getMessage(), false, e);
        }
    }

    private static Snapshot describe(PgDumpManifest manifest) {
        PgDumpManifest.FileEntry dump = manifest.file(PgDumpManifest.DUMP);
        return new Snapshot(NAME, manifest.backupId(), dump.bytes(), manifest.tables(), dump.sha256(), BackupMethod.FULL);
    }

    private static Path backupDirectory(SourceLocation source, String backupId) throws AgentException {
        AgentSettings.requireSafeName(source.dataSource(), "data source");
        AgentSettings.requireSafeName(backupId, "backup id");
        return source.storageRoot().resolve(NAME).resolve(source.dataSource()).resolve(backupId).toAbsolutePath();
    }

    private static void removeQuietly(Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException e) {
            // without a manifest the leftovers are no backup, and the next attempt removes them first
        }
    }

    private Settings configure(SourceLocation source) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        Settings settings = read(reader, source.baseDir());
        reader.requireValid(NAME);
        return settings;
    }

    private static Settings read(AgentSettings reader, Path baseDir) {
        String host = reader.requiredText("host");
        int port = reader.optionalInt("port", 5432, 1, 65535);
        String database = reader.requiredText("database");
        if (database != null && (database.contains("=") || database.startsWith("-") || database.contains("://"))) {
            // pg_dump would read such a value as a connection string or an option
            reader.problem("database must be a database name, not a connection string or an option");
        }
        String user = reader.requiredText("user");
        String reference = reader.optionalText("passwordRef", null);
        SecretReference password = null;
        if (reference != null) {
            try {
                password = SecretReference.parse(reference, baseDir);
            } catch (IllegalArgumentException e) {
                reader.problem("passwordRef is " + e.getMessage());
            }
        }
        boolean globals = reader.optionalBoolean("globals", true);
        return new Settings(new PgConnection(host, port, database, user, password), globals);
    }
}
