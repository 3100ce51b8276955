package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.function.Function;
import java.util.stream.Stream;

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
 * <p>Each backup is annotated {@value #ANNOTATION}{@code =<backupId>}, which is how a repeated backup finds the one an
 * earlier attempt made. The stanza must exist ({@code stanza-create} is part of setting up the cluster, not of a
 * backup).
 */
@Component
public class PgBackRestAgent implements BackupAgent {

    public static final String NAME = "pgbackrest";
    public static final String ANNOTATION = "lifeboat-backup";

    /** Large clusters take hours to back up or restore; the limits only catch a pgBackRest that hangs. */
    private static final Duration LONG_TIMEOUT = Duration.ofHours(24);
    private static final Duration INFO_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration EXPIRE_TIMEOUT = Duration.ofHours(1);
    /** pgBackRest's {@code --target} format for {@code --type=time}, always in UTC. */
    private static final DateTimeFormatter TARGET_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    private final Path binary;
    private final List<String> launcher;

    public PgBackRestAgent(@Value("${lifeboat.agents.pgbackrest.binary:/usr/bin/pgbackrest}") String binary,
                           @Value("${lifeboat.agents.pgbackrest.launcher:}") String launcher) {
        this.binary = Path.of(binary).toAbsolutePath();
        this.launcher = Arrays.stream(launcher.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    /** {@code configFile} is null when pgBackRest should read its default configuration. */
    private record Settings(String stanza, Path configFile) {
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
        read(reader, Path::of);
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

    /**
     * Restores the backup set, recovered to its end ({@code --type=immediate}) and promoted, as a data directory a
     * sandbox server can start on. {@code targetDirectory} must be empty or missing and, when missing, its parent
     * writable by the cluster's user, since pgBackRest creates it.
     */
    @Override
    public void restore(SourceLocation source, Snapshot snapshot, Path targetDirectory) throws AgentException {
        Settings settings = configure(source);
        Path target = targetDirectory.toAbsolutePath().normalize();
        if (!isEmptyOrMissing(target)) {
            throw new AgentException("restore target " + target + " is not an empty directory", false);
        }
        if (usableInfo(settings).backup(snapshot.snapshotId()).isEmpty()) {
            throw new AgentException("stanza " + settings.stanza() + " has no backup " + snapshot.snapshotId(), false);
        }
        succeeded(settings, run(settings, LONG_TIMEOUT, "--pg1-path=" + target, "--set=" + snapshot.snapshotId(),
                "--type=immediate", "--target-action=promote", "restore"));
    }

    /**
     * Point-in-time restore: the newest backup finished by {@code target}, then WAL replayed up to {@code target} and
     * promoted. A non-empty {@code dataDirectory} (the stopped cluster's own, restored in place) is restored with
     * {@code --delta}, which rewrites only what differs; pgBackRest refuses while PostgreSQL runs on it.
     */
    public void restoreToTime(SourceLocation source, Instant target, Path dataDirectory) throws AgentException {
        Settings settings = configure(source);
        Path directory = dataDirectory.toAbsolutePath().normalize();
        if (usableInfo(settings).finishedBy(target).isEmpty()) {
            throw new AgentException("stanza " + settings.stanza() + " has no good backup finished by " + target
                    + ", so no point-in-time restore can reach it", false);
        }
        List<String> args = new ArrayList<>(List.of("--pg1-path=" + directory, "--type=time",
                "--target=" + TARGET_TIME.format(target), "--target-action=promote"));
        if (!isEmptyOrMissing(directory)) {
            args.add("--delta");
        }
        args.add("restore");
        succeeded(settings, run(settings, LONG_TIMEOUT, args.toArray(String[]::new)));
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
        Settings settings = read(reader, source::resolve);
        reader.requireValid(NAME);
        return settings;
    }

    private static Settings read(AgentSettings reader, Function<String, Path> resolve) {
        String stanza = reader.requiredText("stanza");
        if (stanza != null && !stanza.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) {
            reader.problem("stanza may hold only letters, digits and . _ - (not first)");
        }
        String configFile = reader.optionalText("configFile", null);
        return new Settings(stanza, configFile == null ? null : resolve.apply(configFile));
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
