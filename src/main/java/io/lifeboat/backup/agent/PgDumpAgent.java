package io.lifeboat.backup.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.DataFootprint;
import io.lifeboat.agent.spi.FileListing;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
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
 *
 * <p>A restore makes a new database on the data source's server and never touches an existing one; in place it is
 * switched in by renaming databases ({@link InPlaceDatabases}).
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

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_CATALOG_NAME = "3D000";
    private static final String OBJECT_IN_USE = "55006";
    /** A session connecting again between ending the others and the rename; the application should be stopped. */
    private static final int SWAP_ATTEMPTS = 3;

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

    /** The database on its server, and the directory its dumps go to. */
    @Override
    public DataFootprint footprint(SourceLocation source) throws AgentException {
        PgConnection connection = configure(source).connection();
        return new DataFootprint(List.of(source.storageRoot().resolve(NAME).resolve(source.dataSource()).toAbsolutePath()
                .normalize()), List.of(new DataFootprint.Server(connection.host(), connection.port(), connection.database())));
    }

    /** A database server's free space is not visible from a client, so pgdump cannot tell. */
    @Override
    public Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) {
        return Optional.empty();
    }

    /**
     * Restores the dump into a new database on the data source's server: alternate, the destination's {@code
     * database}; in place, {@link InPlaceDatabases#restored()} beside production, created like it (owner, encoding,
     * collation) and keeping the dump's object owners. {@code createdb}, then {@code pg_restore --exit-on-error
     * --single-transaction} ({@code --no-owner} alternate). The new database's comment names the restore, so a
     * repeated call (and {@link #discard}) knows it for its own; any other existing database is never touched. If
     * the restore fails, the new database is dropped again.
     */
    @Override
    public RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress)
            throws AgentException {
        AgentSettings.requireWholeRestore(spec, "pgdump restores whole databases");
        Settings settings = configure(source);
        PgConnection connection = settings.connection();
        Path dir = backupDirectory(source, snapshot.snapshotId());
        PgDumpManifest manifest = readManifest(dir.resolve(PgDumpManifest.FILE_NAME));
        String mismatch = checksumMismatch(dir, manifest);
        if (mismatch != null) {
            throw new AgentException("backup " + snapshot.snapshotId() + " is damaged, not restoring it: " + mismatch, false);
        }
        String database = restoredDatabase(connection, spec);
        List<String> create = new ArrayList<>(List.of("--maintenance-db=" + connection.database()));
        List<String> restore = new ArrayList<>(List.of("--exit-on-error", "--single-transaction"));
        try (Connection session = maintenanceSession(connection)) {
            if (spec.inPlace()) {
                create.addAll(shapeOf(session, connection));
            } else {
                restore.add("--no-owner");
            }
            if (databaseExists(session, database)) {
                if (!restoreMarker(spec).equals(comment(session, database))) {
                    throw new AgentException("database " + database + " already exists on " + connection.host() + ":"
                            + connection.port() + "; restoring never overwrites a database, choose a new name", false);
                }
                // an earlier attempt of this very restore: start again
                drop(session, database);
            }
            progress.progress(0, 0, "createdb " + database);
            succeeded(runClient("createdb", connection, SHORT_TIMEOUT, with(create, database)), connection);
            execute(session, "comment on database " + identifier(database) + " is " + literal(restoreMarker(spec)));
            progress.progress(0, manifest.file(PgDumpManifest.DUMP).bytes(), "pg_restore into " + database);
            restore.add("--dbname=" + database);
            ToolProcess.Result restored = runClient("pg_restore", connection, DUMP_TIMEOUT,
                    with(restore, dir.resolve(PgDumpManifest.DUMP).toString()));
            if (!restored.succeeded()) {
                AgentException failure = PgClientFailures.classify(restored, connection);
                try {
                    drop(session, database);
                } catch (SQLException e) {
                    throw new AgentException(failure.getMessage() + "; dropping database " + database
                            + " failed too, drop it by hand before retrying: " + e.getMessage(), failure.isRetryable());
                }
                throw new AgentException(failure.getMessage() + "; database " + database + " was dropped again",
                        failure.isRetryable());
            }
        } catch (SQLException e) {
            throw PgClientFailures.classify("restoring into database " + database, e, connection);
        }
        return new RestoredData(database, null, null, null);
    }

    /** Per table, the rows of the restored database against the counts recorded at backup time. */
    @Override
    public Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored)
            throws AgentException {
        Settings settings = configure(source);
        List<PgDumpManifest.TableRows> expected = readRowCounts(backupDirectory(source, snapshot.snapshotId()));
        List<String> differences = new ArrayList<>();
        long rows = 0;
        try (Connection db = open(settings.connection(), restored.location()); Statement statement = db.createStatement()) {
            for (PgDumpManifest.TableRows table : expected) {
                String name = identifier(table.schema()) + "." + identifier(table.table());
                try (ResultSet count = statement.executeQuery("select count(*) from " + name)) {
                    count.next();
                    rows += count.getLong(1);
                    if (count.getLong(1) != table.rows()) {
                        differences.add(name + " has " + count.getLong(1) + " rows, " + table.rows() + " at backup time");
                    }
                } catch (SQLException e) {
                    if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    differences.add(name + " is missing, it had " + table.rows() + " rows at backup time");
                }
            }
        } catch (SQLException e) {
            throw PgClientFailures.classify("counting rows in restored database " + restored.location(), e,
                    settings.connection());
        }
        return differences.isEmpty()
                ? Verification.passed("all " + expected.size() + " tables of database " + restored.location()
                        + " hold the rows counted at backup time (" + rows + " rows)")
                : Verification.failed("database " + restored.location() + " differs from backup " + snapshot.snapshotId()
                        + ": " + String.join("; ", differences));
    }

    /** The counts of {@value PgDumpManifest#ROW_COUNTS}, taken in the very snapshot pg_dump dumped. */
    @Override
    public Optional<Map<String, Long>> recordedRowCounts(SourceLocation source, Snapshot snapshot) throws AgentException {
        Map<String, Long> counts = new LinkedHashMap<>();
        readRowCounts(backupDirectory(source, snapshot.snapshotId()))
                .forEach(table -> counts.put(table.schema() + "." + table.table(), table.rows()));
        return Optional.of(counts);
    }

    /** The restored database, with the data source's user and password. */
    @Override
    public Connection connect(SourceLocation source, RestoredData restored) throws AgentException {
        PgConnection connection = configure(source).connection();
        try {
            return open(connection, restored.location());
        } catch (SQLException e) {
            throw PgClientFailures.classify("connecting to restored database " + restored.location(), e, connection);
        }
    }

    /**
     * In place: production becomes {@link InPlaceDatabases#aside()} and the restored database takes its name, in one
     * transaction, after the other sessions of both were ended. Done already, it does nothing. Alternate restores
     * have nothing to switch.
     */
    @Override
    public void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) throws AgentException {
        if (spec.inPlace()) {
            PgConnection connection = configure(source).connection();
            InPlaceDatabases names = InPlaceDatabases.of(connection.database(), spec.restoreId());
            swap(connection, names, "switch in", names.restored(), names.aside());
        }
    }

    /**
     * In place: production (the restored data) goes back to {@link InPlaceDatabases#restored()} and the database kept
     * aside takes its name again. Never switched in or switched back already, it does nothing; {@code previous} is not
     * needed, the previous database is still there.
     */
    @Override
    public void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous)
            throws AgentException {
        if (spec.inPlace()) {
            PgConnection connection = configure(source).connection();
            InPlaceDatabases names = InPlaceDatabases.of(connection.database(), spec.restoreId());
            swap(connection, names, "switch back", names.aside(), names.restored());
        }
    }

    /**
     * Drops what the restore made: alternate, the destination database if its comment names this restore; in place,
     * the restored database and the one kept aside, whichever exists, but the one aside only while production exists.
     */
    @Override
    public void discard(SourceLocation source, RestoreSpec spec) throws AgentException {
        PgConnection connection = configure(source).connection();
        try (Connection session = maintenanceSession(connection)) {
            if (!spec.inPlace()) {
                String database = restoredDatabase(connection, spec);
                if (databaseExists(session, database) && restoreMarker(spec).equals(comment(session, database))) {
                    drop(session, database);
                }
                return;
            }
            InPlaceDatabases names = InPlaceDatabases.of(connection.database(), spec.restoreId());
            drop(session, names.restored());
            if (databaseExists(session, names.aside())) {
                if (!databaseExists(session, names.production())) {
                    throw new AgentException("database " + names.aside() + " holds production's data from before restore "
                            + spec.restoreId() + " and " + names.production() + " does not exist; not dropping it", false);
                }
                drop(session, names.aside());
            }
        } catch (SQLException e) {
            throw PgClientFailures.classify("discarding restore " + spec.restoreId(), e, connection);
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

    /** The database a restore writes into: alternate, the destination's {@code database}; in place, beside production. */
    private static String restoredDatabase(PgConnection connection, RestoreSpec spec) throws AgentException {
        if (spec.inPlace()) {
            return InPlaceDatabases.of(connection.database(), spec.restoreId()).restored();
        }
        AgentSettings destination = new AgentSettings(spec.destination());
        String database = destination.requiredText("database");
        if (!destination.problems().isEmpty()) {
            throw new AgentException("pgdump restore destination: " + String.join("; ", destination.problems()), false);
        }
        AgentSettings.requireSafeName(database, "database");
        if (database.getBytes(StandardCharsets.UTF_8).length > InPlaceDatabases.MAX_NAME_BYTES) {
            throw new AgentException("database " + database + " is longer than PostgreSQL's "
                    + InPlaceDatabases.MAX_NAME_BYTES + " bytes", false);
        }
        return database;
    }

    /** createdb's options for a database like production: owner, encoding and collation, from template0. */
    private static List<String> shapeOf(Connection session, PgConnection connection) throws SQLException, AgentException {
        try (PreparedStatement query = session.prepareStatement("select pg_get_userbyid(datdba),"
                + " pg_encoding_to_char(encoding), datcollate, datctype from pg_database where datname = ?")) {
            query.setString(1, connection.database());
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    throw new AgentException("database " + connection.database() + " does not exist on " + connection.host()
                            + ":" + connection.port() + ", so there is nothing to restore in place of; restore it as an"
                            + " alternate with {\"database\": \"" + connection.database() + "\"}", false);
                }
                return List.of("--template=template0", "--owner=" + result.getString(1), "--encoding=" + result.getString(2),
                        "--lc-collate=" + result.getString(3), "--lc-ctype=" + result.getString(4));
            }
        }
    }

    /**
     * Renames production to {@code outgoing} and {@code incoming} to production's name, in one transaction, after
     * ending the other sessions of both (PostgreSQL renames no database in use); a session connecting again meanwhile
     * makes it try again. Already in that state, it does nothing.
     */
    private static void swap(PgConnection connection, InPlaceDatabases names, String action, String incoming,
                             String outgoing) throws AgentException {
        String production = names.production();
        try (Connection session = maintenanceSession(connection)) {
            boolean incomingExists = databaseExists(session, incoming);
            boolean productionExists = databaseExists(session, production);
            boolean outgoingExists = databaseExists(session, outgoing);
            if (!incomingExists && productionExists && outgoingExists) {
                return;
            }
            if (!incomingExists || !productionExists || outgoingExists) {
                throw new AgentException("cannot " + action + " on " + connection.host() + ":" + connection.port()
                        + ": it needs databases " + production + " and " + incoming + " and no " + outgoing + ", but "
                        + production + (productionExists ? " exists, " : " is missing, ") + incoming
                        + (incomingExists ? " exists, " : " is missing, ") + outgoing
                        + (outgoingExists ? " exists" : " is missing"), false);
            }
            for (int attempt = 1; ; attempt++) {
                terminateSessions(session, production, incoming);
                session.setAutoCommit(false);
                try {
                    execute(session, "alter database " + identifier(production) + " rename to " + identifier(outgoing));
                    execute(session, "alter database " + identifier(incoming) + " rename to " + identifier(production));
                    session.commit();
                    return;
                } catch (SQLException e) {
                    session.rollback();
                    if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == SWAP_ATTEMPTS) {
                        throw e;
                    }
                } finally {
                    session.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw PgClientFailures.classify(action + " (renaming " + production + " to " + outgoing + " and " + incoming
                    + " to " + production + ")", e, connection);
        }
    }

    /** Ends every other session of these databases; needs superuser, pg_signal_backend or the sessions' own role. */
    private static void terminateSessions(Connection session, String... databases) throws SQLException {
        try (PreparedStatement terminate = session.prepareStatement("select pg_terminate_backend(pid) from pg_stat_activity"
                + " where datname = any(?) and pid <> pg_backend_pid()")) {
            terminate.setArray(1, session.createArrayOf("text", databases));
            terminate.execute();
        }
    }

    /** Drops a database if it exists, ending its sessions first. */
    private static void drop(Connection session, String database) throws SQLException {
        terminateSessions(session, database);
        execute(session, "drop database if exists " + identifier(database));
    }

    /**
     * A session on a database none of the restore's renames or drops touches: {@code postgres}, else {@code
     * template1}, as createdb and dropdb choose theirs.
     */
    private static Connection maintenanceSession(PgConnection connection) throws AgentException, SQLException {
        try {
            return open(connection, "postgres");
        } catch (SQLException e) {
            if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
                throw e;
            }
            return open(connection, "template1");
        }
    }

    private static boolean databaseExists(Connection session, String name) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    /** A database's comment, null without one. */
    private static String comment(Connection session, String database) throws SQLException {
        try (PreparedStatement query = session.prepareStatement(
                "select shobj_description(oid, 'pg_database') from pg_database where datname = ?")) {
            query.setString(1, database);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** The comment of the database a restore made: how a repeated restore and discard know it for their own. */
    private static String restoreMarker(RestoreSpec spec) {
        return "lifeboat restore " + spec.restoreId();
    }

    private static void execute(Connection session, String sql) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal; standard_conforming_strings (on since PostgreSQL 9.1) leaves backslashes alone. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static List<String> with(List<String> arguments, String last) {
        List<String> all = new ArrayList<>(arguments);
        all.add(last);
        return all;
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
        SecretReference password = PgConnection.passwordRef(reader, baseDir);
        boolean globals = reader.optionalBoolean("globals", true);
        return new Settings(new PgConnection(host, port, database, user, password), globals);
    }
}
