package io.lifeboat.backup.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Value;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.lifeboat.storage.FreeSpaceProbe;

/**
 * Physical backups and point-in-time restores with the operating system's pgBackRest 2.45 (integrations.md §5.2).
 * pgBackRest reads the cluster's files, so it must run as the cluster's user: when Lifeboat runs as another user,
 * {@code lifeboat.agents.pgbackrest.launcher} is the command prefix that switches, e.g. {@code sudo -n -u postgres --}.
 *
 * <p>Settings: {@code stanza} (required), {@code configFile} (optional pgBackRest configuration, relative to the
 * runbooks directory; without it pgBackRest reads {@code /etc/pgbackrest/pgbackrest.conf}). The backup method asked
 * for becomes {@code --type=full|diff|incr}; pgBackRest makes a full backup instead when the stanza has none to build
 * on, so the snapshot's method is the type {@code info} shows.
 *
 * <p>Restores ({@link #restore(SourceLocation, Snapshot, RestoreSpec, ProgressListener)}) start the restored cluster
 * with {@code pg_ctl} through the same launcher and log in to it over 127.0.0.1 as {@code user} (default {@code
 * postgres}, optional {@code passwordRef}) to {@code database} (default {@code postgres}).
 *
 * <p>Each backup is annotated {@value #ANNOTATION}{@code =<backupId>}, which is how a repeated backup finds the one an
 * earlier attempt made. The stanza must exist ({@code stanza-create} is part of setting up the cluster, not of a
 * backup).
 */
@Component
public class PgBackRestAgent implements BackupAgent {

    public static final String NAME = "pgbackrest";
    public static final String ANNOTATION = "lifeboat-backup";
    static final String VERSION = "{version}";

    /** Large clusters take hours to back up or restore; the limits only catch a pgBackRest that hangs. */
    private static final Duration LONG_TIMEOUT = Duration.ofHours(24);
    private static final Duration INFO_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration EXPIRE_TIMEOUT = Duration.ofHours(1);
    /** pgBackRest's {@code --target} format for {@code --type=time}, always in UTC. */
    private static final DateTimeFormatter TARGET_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    private final Path binary;
    private final List<String> launcher;
    private final String pgBinDir;
    private final FreeSpaceProbe freeSpace;

    /**
     * @param pgBinDir where the restored cluster's {@code pg_ctl} is, {@value #VERSION} standing for the PostgreSQL
     *                 major version pgBackRest backed up (Debian's layout by default)
     */
    public PgBackRestAgent(@Value("${lifeboat.agents.pgbackrest.binary:/usr/bin/pgbackrest}") String binary,
                           @Value("${lifeboat.agents.pgbackrest.launcher:}") String launcher,
                           @Value("${lifeboat.agents.pgbackrest.pg-bin-dir:/usr/lib/postgresql/{version}/bin}") String pgBinDir,
                           FreeSpaceProbe freeSpace) {
        this.binary = Path.of(binary).toAbsolutePath();
        this.launcher = Arrays.stream(launcher.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
        this.pgBinDir = pgBinDir;
        this.freeSpace = freeSpace;
    }

    /**
     * {@code configFile} is null when pgBackRest should read its default configuration; {@code user}, {@code password}
     * and {@code database} are how the SQL probe and the restore's checks log in to a restored cluster.
     */
    private record Settings(String stanza, Path configFile, String user, SecretReference password, String database) {

        PgConnection probe(int port) {
            return new PgConnection("127.0.0.1", port, database, user, password);
        }
    }

    /** Where a restore writes: a data directory, and alternate the port its server is started on (null in place). */
    private record Destination(Path dataDirectory, Integer port) {
    }

    /**
     * What a restore made, kept in {@code <storageRoot>/pgbackrest/<dataSource>/restores/<restoreId>.json} so a
     * repeated restore and {@link #discard} know the data directory and the port for their own.
     */
    record RestoreRecord(String dataDirectory, int port) {

        private static final ObjectMapper JSON = new ObjectMapper();

        static Optional<RestoreRecord> read(SourceLocation source, String restoreId) throws AgentException {
            Path file = file(source, restoreId);
            try {
                return Files.exists(file) ? Optional.of(JSON.readValue(file.toFile(), RestoreRecord.class)) : Optional.empty();
            } catch (IOException e) {
                throw new AgentException("cannot read " + file + ": " + e.getMessage(), false, e);
            }
        }

        static void write(SourceLocation source, String restoreId, RestoreRecord record) throws AgentException {
            Path file = file(source, restoreId);
            try {
                Files.createDirectories(file.getParent());
                JSON.writeValue(file.toFile(), record);
            } catch (IOException e) {
                throw new AgentException("cannot write " + file + ": " + e.getMessage(), true, e);
            }
        }

        static void delete(SourceLocation source, String restoreId) throws AgentException {
            Path file = file(source, restoreId);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new AgentException("cannot delete " + file + ": " + e.getMessage(), true, e);
            }
        }

        private static Path file(SourceLocation source, String restoreId) throws AgentException {
            AgentSettings.requireSafeName(source.dataSource(), "data source");
            AgentSettings.requireSafeName(restoreId, "restore id");
            return source.storageRoot().resolve(NAME).resolve(source.dataSource()).resolve("restores")
                    .resolve(restoreId + ".json").toAbsolutePath();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FileListing list(SourceLocation source, Snapshot snapshot, String prefix, int limit) {
        return FileListing.none("pgbackrest backups hold a PostgreSQL cluster, not a list of files");
    }

    @Override
    public Set<BackupMethod> honouredMethods() {
        return EnumSet.allOf(BackupMethod.class);
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
        PgBackRestInfo info = usableInfo(settings);
        Optional<PgBackRestInfo.BackupSet> earlier = info.annotated(ANNOTATION, backupId);
        if (earlier.isPresent()) {
            return describe(settings, earlier.get().label());
        }
        if (info.backupRunning()) {
            throw new AgentException("another pgBackRest backup or expire is running on stanza " + settings.stanza(), true);
        }
        String type = typeOf(source.method());
        progress.progress(0, 0, "pgbackrest " + type + " backup of stanza " + settings.stanza());
        succeeded(settings, run(settings, LONG_TIMEOUT, "--type=" + type,
                "--annotation=" + ANNOTATION + "=" + backupId, "backup"));
        PgBackRestInfo.BackupSet made = usableInfo(settings).annotated(ANNOTATION, backupId)
                .orElseThrow(() -> new AgentException("pgbackrest backup succeeded but info lists no backup annotated "
                        + ANNOTATION + "=" + backupId + " in stanza " + settings.stanza(), true));
        Snapshot snapshot = describe(settings, made.label());
        progress.progress(made.databaseBytes(), made.databaseBytes(), "pgbackrest backup " + made.label() + " done");
        return snapshot;
    }

    /** pgBackRest {@code verify} of the backup's files, which exits 0 even when it finds damage, so its report is read. */
    @Override
    public Verification verify(SourceLocation source, Snapshot snapshot) throws AgentException {
        Settings settings = configure(source);
        PgBackRestInfo info = usableInfo(settings);
        Optional<PgBackRestInfo.BackupSet> backup = info.backup(snapshot.snapshotId());
        if (backup.isEmpty()) {
            return Verification.failed("stanza " + settings.stanza() + " has no backup " + snapshot.snapshotId());
        }
        if (backup.get().error()) {
            return Verification.failed("pgbackrest info marks backup " + snapshot.snapshotId() + " with error: true");
        }
        ToolProcess.Result verify = succeeded(settings,
                run(settings, LONG_TIMEOUT, "--log-level-console=info", "--set=" + snapshot.snapshotId(), "verify"));
        List<String> problems = verify.stdout().lines().map(String::strip)
                .filter(l -> l.contains("status: invalid") || l.contains("status: error") || l.contains("invalid checksum")
                        || l.contains("checksum invalid"))
                .toList();
        return problems.isEmpty()
                ? Verification.passed("pgbackrest verify found every file of backup " + snapshot.snapshotId()
                        + " intact; info shows it without error")
                : Verification.failed("pgbackrest verify of backup " + snapshot.snapshotId() + ": " + String.join("; ", problems));
    }

    /** What pgBackRest's configuration names for the stanza: data directories, local repositories, cluster ports. */
    @Override
    public DataFootprint footprint(SourceLocation source) throws AgentException {
        Settings settings = configure(source);
        return PgBackRestConfig.footprint(settings.configFile(), settings.stanza());
    }

    /** In place, {@code --delta} rewrites the stopped cluster's own data directory: nothing is restored beside it. */
    @Override
    public boolean overwritesInPlace() {
        return true;
    }

    /**
     * Free space where the restore writes against the backup's database size ({@code pgbackrest info}): alternate, on
     * the destination's file system; in place, free space plus what the data directory holds now, which the delta
     * restore rewrites. Empty too when the data directory cannot be measured (only its owner may read it).
     */
    @Override
    public Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) throws AgentException {
        Settings settings = configure(source);
        PgBackRestInfo.BackupSet backup = restorable(settings, snapshot);
        Path directory = destination(settings, spec).dataDirectory();
        long reusable = 0;
        if (spec.inPlace()) {
            try {
                reusable = DirectoryTree.size(directory);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free;
        try {
            free = freeSpace.usableBytes(existing == null ? directory.getRoot() : existing);
        } catch (UncheckedIOException e) {
            throw new AgentException(e.getMessage() + ": " + e.getCause().getMessage(), true, e);
        }
        if (free + reusable >= backup.databaseBytes()) {
            return Optional.empty();
        }
        return Optional.of(directory + " has " + free + " bytes free" + (spec.inPlace() ? " and holds " + reusable : "")
                + ", backup " + snapshot.snapshotId() + " restores " + backup.databaseBytes() + " bytes of database");
    }

    /**
     * Alternate: whether the cluster's user, through the launcher, may create the data directory where the destination
     * puts it, tried by making and removing a directory beside it. pgBackRest would otherwise find out half-way through
     * the restore ("unable to get info for path/file ...: [13] Permission denied"), which reads like a backup that does
     * not restore.
     */
    @Override
    public Optional<String> destinationProblem(SourceLocation source, Map<String, Object> destination) throws AgentException {
        Path directory = alternate(destination).dataDirectory();
        Path probe = directory.resolveSibling(".lifeboat-probe-" + UUID.randomUUID());
        ToolProcess.Result made = runAsClusterUser("mkdir", probe);
        if (!made.succeeded()) {
            return Optional.of("the cluster's user" + (launcher.isEmpty() ? " (Lifeboat's own)" : " (" + String.join(" ", launcher)
                    + ")") + " cannot create the data directory " + directory + ": " + ToolProcess.gist(made.stderr()));
        }
        ToolProcess.Result removed = runAsClusterUser("rmdir", probe);
        if (!removed.succeeded()) {
            throw new AgentException("cannot remove the probe directory " + probe + ": " + ToolProcess.gist(removed.stderr()),
                    true);
        }
        return Optional.empty();
    }

    /**
     * Restores the backup set, recovered to {@link RestoreSpec#pointInTime()} ({@code --type=time}, WAL replayed to
     * it) or to the backup's end ({@code --type=immediate}), then promoted: alternate, into the destination's empty
     * {@code dataDirectory} with {@code --archive-mode=off}, so the copy never archives into this stanza's
     * repository; in place, into the stopped cluster's own {@code pg1-path} with {@code --delta}, refused while
     * PostgreSQL runs there. The restored cluster is then started once on {@link RestoredData#port()} (alternate, the
     * destination's {@code port}; in place, a free one) without autovacuum, so that the newest commit timestamp it
     * shows is what recovery replayed, and stopped again. A repeated call starts again: alternate, in a directory an
     * earlier attempt of this restore made.
     */
    @Override
    public RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress)
            throws AgentException {
        AgentSettings.requireWholeRestore(spec, "pgbackrest restores whole clusters");
        Settings settings = configure(source);
        PgBackRestInfo.BackupSet backup = restorable(settings, snapshot);
        Instant target = spec.pointInTime();
        if (target != null && backup.stop().isAfter(target)) {
            throw new AgentException("backup " + backup.label() + " ended at " + backup.stop() + ", after the point in time "
                    + target + ": replaying WAL cannot reach a moment before the backup's end", false);
        }
        Destination destination = destination(settings, spec);
        Path directory = destination.dataDirectory();
        PgCluster cluster = cluster(backup, directory);
        Optional<RestoreRecord> earlier = RestoreRecord.read(source, spec.restoreId());
        int port;
        List<String> args = new ArrayList<>(List.of("--pg1-path=" + directory, "--set=" + backup.label()));
        if (spec.inPlace()) {
            stopCheckServer(cluster, earlier.map(RestoreRecord::port).orElse(null));
            refuseWhileRunning(cluster, "restoring in place");
            port = earlier.map(RestoreRecord::port).orElseGet(PgBackRestAgent::freePort);
            args.add("--delta");
        } else {
            port = destination.port();
            if (!isEmptyOrMissing(directory)) {
                if (earlier.isEmpty() || !earlier.get().dataDirectory().equals(directory.toString())) {
                    throw new AgentException("restore target " + directory + " is not an empty directory", false);
                }
                removeEarlierAttempt(cluster);
            }
            args.add("--archive-mode=off");
        }
        RestoreRecord.write(source, spec.restoreId(), new RestoreRecord(directory.toString(), port));
        if (target == null) {
            args.add("--type=immediate");
        } else {
            args.addAll(List.of("--type=time", "--target=" + TARGET_TIME.format(target)));
        }
        args.addAll(List.of("--target-action=promote", "restore"));
        progress.progress(0, backup.databaseBytes(), "pgbackrest restore of " + backup.label() + " into " + directory);
        succeeded(settings, run(settings, LONG_TIMEOUT, args.toArray(String[]::new)));
        progress.progress(0, backup.databaseBytes(), "recovering " + directory + " on port " + port);
        PgConnection probe = settings.probe(port);
        cluster.start(port, List.of("autovacuum=off"), probe, LONG_TIMEOUT);
        Instant newestChange;
        try {
            newestChange = newestCommit(probe);
        } finally {
            cluster.stop();
        }
        return new RestoredData(directory.toString(), port, newestChange, target);
    }

    /**
     * Starts the restored cluster on {@link RestoredData#port()} (unless it runs), waits until it has left recovery
     * and asks it {@code select 1} and {@code pg_is_in_recovery()}. The cluster is left running there for the checks
     * that follow ({@link #connect}); in place, {@link #switchIn} or {@link #discard} stops it again.
     */
    @Override
    public Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored)
            throws AgentException {
        Settings settings = configure(source);
        PgCluster cluster = cluster(restorable(settings, snapshot), Path.of(restored.location()));
        PgConnection probe = settings.probe(restored.port());
        try {
            if (!cluster.running()) {
                cluster.start(restored.port(), List.of(), probe, LONG_TIMEOUT);
            }
        } catch (AgentException e) {
            if (e.isRetryable()) {
                throw e;
            }
            return Verification.failed(e.getMessage());
        }
        try (Connection session = open(probe); Statement statement = session.createStatement();
             ResultSet answer = statement.executeQuery("select 1, pg_is_in_recovery(), current_setting('server_version'),"
                     + " (select count(*) from pg_database where datallowconn)")) {
            answer.next();
            if (answer.getInt(1) != 1 || answer.getBoolean(2)) {
                return Verification.failed("PostgreSQL on port " + restored.port() + " answers select 1 with "
                        + answer.getInt(1) + " and is " + (answer.getBoolean(2) ? "still" : "not") + " in recovery");
            }
            return Verification.passed("PostgreSQL " + answer.getString(3) + " on " + restored.location() + " (port "
                    + restored.port() + ") started, left recovery and answers select 1; " + answer.getLong(4)
                    + " databases accept connections");
        } catch (SQLException e) {
            return Verification.failed("PostgreSQL on port " + restored.port() + " does not answer: " + e.getMessage());
        }
    }

    /** The restored cluster on 127.0.0.1:{@link RestoredData#port()}, as {@code user} to {@code database}. */
    @Override
    public Connection connect(SourceLocation source, RestoredData restored) throws AgentException {
        PgConnection probe = configure(source).probe(restored.port());
        try {
            return open(probe);
        } catch (SQLException e) {
            throw PgClientFailures.classify("connecting to the restored cluster on port " + restored.port(), e, probe);
        }
    }

    /**
     * In place the data is where production's was already; the server {@link #verifyRestored} left running on the
     * check port is stopped, so the {@code afterRestore} hook starts production on its own. Alternate: nothing.
     */
    @Override
    public void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) throws AgentException {
        if (spec.inPlace()) {
            Settings settings = configure(source);
            stopCheckServer(cluster(settings, restored.location()), restored.port());
        }
    }

    /**
     * In place: restores {@code previous}, the safety backup's set, into the stopped cluster's data directory with
     * {@code --delta} and {@code --type=immediate}, recovers it once on the check port and stops it again. Refused
     * without a safety backup (it was waived) and while PostgreSQL runs there. Alternate: nothing to put back.
     */
    @Override
    public void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous)
            throws AgentException {
        if (!spec.inPlace()) {
            return;
        }
        if (previous == null) {
            throw new AgentException("no safety backup of the cluster was taken (waived), so pgbackrest cannot put back"
                    + " what " + restored.location() + " held before restore " + spec.restoreId(), false);
        }
        Settings settings = configure(source);
        PgBackRestInfo.BackupSet backup = restorable(settings, previous);
        PgCluster cluster = cluster(backup, Path.of(restored.location()));
        stopCheckServer(cluster, restored.port());
        refuseWhileRunning(cluster, "switching back");
        succeeded(settings, run(settings, LONG_TIMEOUT, "--pg1-path=" + cluster.dataDirectory(), "--set=" + backup.label(),
                "--delta", "--type=immediate", "--target-action=promote", "restore"));
        cluster.start(restored.port(), List.of(), settings.probe(restored.port()), LONG_TIMEOUT);
        cluster.stop();
    }

    /**
     * Alternate: stops and removes the data directory this restore made (its record says so), with its server log;
     * in place: stops the check server if it still runs. What is gone already is no error.
     */
    @Override
    public void discard(SourceLocation source, RestoreSpec spec) throws AgentException {
        Settings settings = configure(source);
        Optional<RestoreRecord> record = RestoreRecord.read(source, spec.restoreId());
        if (record.isEmpty()) {
            return;
        }
        Path directory = Path.of(record.get().dataDirectory());
        if (spec.inPlace()) {
            stopCheckServer(cluster(settings, directory.toString()), record.get().port());
        } else if (Files.exists(directory)) {
            removeEarlierAttempt(cluster(settings, directory.toString()));
        }
        RestoreRecord.delete(source, spec.restoreId());
    }

    /** None: the snapshot lives in pgBackRest's own repository, which reaches object storage through its own settings. */
    @Override
    public List<Path> files(SourceLocation source, Snapshot snapshot) {
        return List.of();
    }

    /** {@code expire --set}; pgBackRest refuses a full backup that later backups depend on (not retryable). */
    @Override
    public void delete(SourceLocation source, Snapshot snapshot) throws AgentException {
        Settings settings = configure(source);
        if (usableInfo(settings).backup(snapshot.snapshotId()).isEmpty()) {
            return;
        }
        succeeded(settings, run(settings, EXPIRE_TIMEOUT, "--set=" + snapshot.snapshotId(), "expire"));
    }

    /** The backup set a restore starts from; one info marks with an error is no restore point. */
    private PgBackRestInfo.BackupSet restorable(Settings settings, Snapshot snapshot) throws AgentException {
        PgBackRestInfo.BackupSet backup = usableInfo(settings).backup(snapshot.snapshotId())
                .orElseThrow(() -> new AgentException("stanza " + settings.stanza() + " has no backup " + snapshot.snapshotId(), false));
        if (backup.error()) {
            throw new AgentException("pgbackrest info marks backup " + backup.label() + " with error: true", false);
        }
        return backup;
    }

    /** In place, the stanza's own {@code pg1-path}; alternate, the request's {@code dataDirectory} and {@code port}. */
    private static Destination destination(Settings settings, RestoreSpec spec) throws AgentException {
        if (spec.inPlace()) {
            return new Destination(PgBackRestConfig.dataDirectory(settings.configFile(), settings.stanza()), null);
        }
        return alternate(spec.destination());
    }

    /** An alternate restore's {@code dataDirectory} (absolute) and {@code port}, each required. */
    private static Destination alternate(Map<String, Object> destination) throws AgentException {
        AgentSettings reader = new AgentSettings(destination);
        String directory = reader.requiredText("dataDirectory");
        if (directory != null && !Path.of(directory).isAbsolute()) {
            reader.problem("dataDirectory must be an absolute path");
        }
        if (!reader.isPresent("port")) {
            reader.problem("port is required");
        }
        int port = reader.optionalInt("port", 0, 1, 65535);
        if (!reader.problems().isEmpty()) {
            throw new AgentException("pgbackrest restore destination: " + String.join("; ", reader.problems()), false);
        }
        return new Destination(Path.of(directory).normalize(), port);
    }

    private PgCluster cluster(PgBackRestInfo.BackupSet backup, Path dataDirectory) {
        return new PgCluster(dataDirectory, Path.of(pgBinDir.replace(VERSION, backup.pgVersion())), launcher);
    }

    /** A cluster of the stanza's current PostgreSQL version, for steps that start from no backup set. */
    private PgCluster cluster(Settings settings, String dataDirectory) throws AgentException {
        return new PgCluster(Path.of(dataDirectory), Path.of(pgBinDir.replace(VERSION, usableInfo(settings).pgVersion())),
                launcher);
    }

    /** Stops the server a restore started on {@code port} to check the cluster; production on its own port stays. */
    private static void stopCheckServer(PgCluster cluster, Integer port) throws AgentException {
        if (port != null && port.equals(cluster.runningPort())) {
            cluster.stop();
        }
    }

    private static void refuseWhileRunning(PgCluster cluster, String what) throws AgentException {
        if (cluster.running()) {
            throw new AgentException("PostgreSQL is running on " + cluster.dataDirectory() + " (its postmaster.pid names a"
                    + " live server); " + what + " needs it stopped, which the service's beforeRestore hook does", false);
        }
    }

    /** Stops and removes a data directory an earlier attempt of this restore made, with its server log. */
    private static void removeEarlierAttempt(PgCluster cluster) throws AgentException {
        cluster.stop();
        try {
            DirectoryTree.delete(cluster.dataDirectory());
        } catch (IOException e) {
            throw new AgentException("cannot remove " + cluster.dataDirectory() + ", which restore made: " + e.getMessage(),
                    true, e);
        }
    }

    /** The newest commit timestamp where {@code track_commit_timestamp} is on, else null. */
    private static Instant newestCommit(PgConnection probe) throws AgentException {
        try (Connection session = open(probe); Statement statement = session.createStatement();
             ResultSet newest = statement.executeQuery("select case when current_setting('track_commit_timestamp') = 'on'"
                     + " then (pg_last_committed_xact()).timestamp end")) {
            newest.next();
            Timestamp timestamp = newest.getTimestamp(1);
            return timestamp == null ? null : timestamp.toInstant();
        } catch (SQLException e) {
            throw PgClientFailures.classify("reading the restored cluster's newest commit", e, probe);
        }
    }

    private static Connection open(PgConnection probe) throws AgentException, SQLException {
        try {
            return probe.open(probe.database());
        } catch (IOException e) {
            throw new AgentException("cannot read the password " + probe.password() + ": " + e.getMessage(), false, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the restored cluster's check", e);
        }
    }

    /** The stanza's info; a stanza that exists but has no backup yet is usable, anything else is an error. */
    private PgBackRestInfo usableInfo(Settings settings) throws AgentException {
        PgBackRestInfo info = info(settings, null);
        if (info.statusCode() != PgBackRestInfo.OK && info.statusCode() != PgBackRestInfo.NO_VALID_BACKUPS) {
            // 99 ("other") may be a repository that is briefly unreachable; the others need an operator
            throw new AgentException("pgbackrest info for stanza " + settings.stanza() + " reports " + info.status()
                    + (info.statusCode() == 1 ? "; the stanza does not exist, run stanza-create" : ""),
                    info.statusCode() == 99);
        }
        return info;
    }

    private PgBackRestInfo info(Settings settings, String label) throws AgentException {
        ToolProcess.Result result = label == null
                ? run(settings, INFO_TIMEOUT, "--output=json", "info")
                : run(settings, INFO_TIMEOUT, "--output=json", "--set=" + label, "info");
        return PgBackRestInfo.parse(succeeded(settings, result).stdout(), settings.stanza());
    }

    /** With {@code --set} pgBackRest lists the backup's databases, which become the snapshot's file count. */
    private Snapshot describe(Settings settings, String label) throws AgentException {
        PgBackRestInfo.BackupSet backup = info(settings, label).backup(label)
                .orElseThrow(() -> new AgentException("pgbackrest info --set=" + label + " does not list that backup", true));
        return new Snapshot(NAME, label, backup.repositoryBytes(), Math.max(backup.databaseCount(), 0), label,
                methodOf(backup.type(), label));
    }

    /** {@code mkdir} or {@code rmdir} of one directory, through the launcher as pgBackRest and pg_ctl run. */
    private ToolProcess.Result runAsClusterUser(String tool, Path directory) throws AgentException {
        List<String> commandLine = new ArrayList<>(launcher);
        commandLine.addAll(List.of(tool, directory.toString()));
        try {
            return ToolProcess.run(tool, commandLine, List.of(), Map.of(), INFO_TIMEOUT);
        } catch (IOException e) {
            throw new AgentException(tool + " could not run (" + commandLine.get(0) + "): " + e.getMessage(), false, e);
        }
    }

    private ToolProcess.Result run(Settings settings, Duration timeout, String... args) throws AgentException {
        List<String> commandLine = new ArrayList<>(launcher);
        commandLine.add(binary.toString());
        if (settings.configFile() != null) {
            commandLine.add("--config=" + settings.configFile());
        }
        commandLine.add("--stanza=" + settings.stanza());
        commandLine.addAll(List.of(args));
        String command = "pgbackrest " + args[args.length - 1];
        try {
            // inherited PGBACKREST_* variables would silently change options such as the repository
            return ToolProcess.run(command, commandLine, List.of("PGBACKREST_"), Map.of(), timeout);
        } catch (IOException e) {
            throw new AgentException(command + " could not run (" + commandLine.get(0) + "): " + e.getMessage(), false, e);
        }
    }

    private static ToolProcess.Result succeeded(Settings settings, ToolProcess.Result result) throws AgentException {
        if (!result.succeeded()) {
            throw PgBackRestFailures.classify(result, settings.stanza());
        }
        return result;
    }

    private static boolean isEmptyOrMissing(Path dir) throws AgentException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new AgentException("cannot read restore target " + dir + ": " + e.getMessage(), false, e);
        }
    }

    private Settings configure(SourceLocation source) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        Settings settings = read(reader, source.baseDir());
        reader.requireValid(NAME);
        return settings;
    }

    private static Settings read(AgentSettings reader, Path baseDir) {
        String stanza = reader.requiredText("stanza");
        if (stanza != null && !stanza.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) {
            reader.problem("stanza may hold only letters, digits and . _ - (not first)");
        }
        String configFile = reader.optionalText("configFile", null);
        return new Settings(stanza, configFile == null ? null : baseDir.resolve(configFile).toAbsolutePath().normalize(),
                reader.optionalText("user", "postgres"), PgConnection.passwordRef(reader, baseDir),
                reader.optionalText("database", "postgres"));
    }

    /** A backup method in pgBackRest's words. */
    static String typeOf(BackupMethod method) {
        return switch (method) {
            case FULL -> "full";
            case DIFFERENTIAL -> "diff";
            case INCREMENTAL -> "incr";
        };
    }

    /** What {@code info} calls a backup set's type, as a backup method. */
    private static BackupMethod methodOf(String type, String label) throws AgentException {
        return switch (type) {
            case "full" -> BackupMethod.FULL;
            case "diff" -> BackupMethod.DIFFERENTIAL;
            case "incr" -> BackupMethod.INCREMENTAL;
            default -> throw new AgentException("pgbackrest info gives backup " + label + " the unknown type '" + type + "'", false);
        };
    }
}
