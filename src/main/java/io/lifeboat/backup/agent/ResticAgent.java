package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
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
import io.lifeboat.agent.spi.SnapshotEntry;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.secret.SecretReference;
import io.lifeboat.storage.FreeSpaceProbe;

/**
 * The operating system's restic (Debian ships 0.14; integrations.md §4 has its exact output and exit codes).
 *
 * <p>Settings: {@code paths} (required list of directories), {@code passwordRef} (required secret reference) and
 * {@code repository} (optional, default {@code <storageRoot>/restic/<dataSource>}; a backend URL such as
 * {@code s3:http://host:9000/bucket/prefix} is used as it is). Only for an {@code s3:} repository, and then required:
 * {@code s3AccessKeyRef} and {@code s3SecretKeyRef} (secret references) and {@code s3Region} (such as
 * {@code us-east-1}; restic 0.14 otherwise asks the server for the bucket's location, which S3Mock cannot answer);
 * optional {@code s3BucketLookup} ({@code path}, the default, which MinIO and S3Mock need, {@code dns} or
 * {@code auto}). Every snapshot is tagged {@value #TAG} and {@code lifeboat-backup:<backupId>}, which is how a repeated
 * backup finds the snapshot an earlier attempt made.
 *
 * <p>Restores lay out what the snapshot holds as {@link #list} does, with restic's modification times, where
 * {@link RestoreLayout} says; in place only for a data source of one path.
 */
@Component
public class ResticAgent implements BackupAgent {

    public static final String NAME = "restic";
    public static final String TAG = "lifeboat";
    public static final String BACKUP_TAG_PREFIX = "lifeboat-backup:";
    /** Replaces the backup tag on a snapshot restic made while some files were unreadable (exit 3). */
    public static final String INCOMPLETE_TAG_PREFIX = "lifeboat-incomplete:";

    private static final Pattern BACKEND_URL = Pattern.compile("^[a-z0-9]+:.*");
    private static final String S3_PREFIX = "s3:";
    private static final List<String> S3_SETTINGS = List.of("s3AccessKeyRef", "s3SecretKeyRef", "s3Region", "s3BucketLookup");
    /** AWS names such as us-east-1, and what MinIO, Ceph or Garage are configured with, such as "default". */
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final List<String> BUCKET_LOOKUPS = List.of("path", "dns", "auto");

    /** restic 0.14's --include takes glob patterns; these characters stand for themselves only escaped. */
    private static final Pattern GLOB_CHARACTER = Pattern.compile("([*?\\[\\\\])");

    private final Path binary;
    private final FreeSpaceProbe freeSpace;

    @Autowired
    public ResticAgent(@Value("${lifeboat.agents.restic.binary:/usr/bin/restic}") String binary) {
        this(binary, new FreeSpaceProbe.FileStoreProbe());
    }

    /** With the free space a restore's capacity check sees, for tests that cannot fill a disk. */
    ResticAgent(String binary, FreeSpaceProbe freeSpace) {
        this.binary = Path.of(binary).toAbsolutePath();
        this.freeSpace = freeSpace;
    }

    /** {@code s3} is null unless {@code repository} is an {@code s3:} URL. */
    private record Settings(List<String> paths, SecretReference password, String repository, ResticProcess.S3Access s3) {
    }

    /** A data source's restic repository, and its source paths resolved to absolute ones. */
    private record Configured(ResticProcess restic, List<Path> paths) {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * restic backs up incrementally forever: each snapshot stores only what its repository lacks, yet restores on its
     * own. Asked for a full backup it does the same, and says so.
     */
    @Override
    public Set<BackupMethod> honouredMethods() {
        return Set.of(BackupMethod.INCREMENTAL);
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
        Configured configured = configure(source);
        ResticProcess restic = configured.restic();
        List<Path> paths = configured.paths();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                throw new AgentException("paths entry " + path + " is not a directory", false);
            }
        }
        ensureRepository(restic);
        Optional<ResticOutput.SnapshotInfo> earlier = taggedSnapshot(restic, backupId);
        if (earlier.isPresent()) {
            return describe(restic, earlier.get().id());
        }
        long fileCount = countRegularFiles(paths);
        List<String> args = new ArrayList<>(List.of("backup", "--json", "--tag", TAG, "--tag", BACKUP_TAG_PREFIX + backupId));
        paths.forEach(p -> args.add(p.toString()));
        ResticOutput.BackupLines output = new ResticOutput.BackupLines(progress);
        ToolProcess.Result result = restic.run(args, output);
        if (result.exitCode() == 3) {
            // restic still made a snapshot; untag it so that a retry after the cause is fixed backs up again
            String untagged = output.summary().map(s -> untagIncomplete(restic, s.shortSnapshotId(), backupId)).orElse("");
            throw new AgentException(ResticFailures.classify(result, restic.repository()).getMessage() + untagged, false);
        }
        if (!result.succeeded()) {
            throw ResticFailures.classify(result, restic.repository());
        }
        ResticOutput.BackupSummary summary = output.summary().filter(s -> s.shortSnapshotId() != null)
                .orElseThrow(() -> new AgentException("restic backup exited 0 but printed no summary with a snapshot id", true));
        // restic prints status lines only now and then, so a quick backup may never have reported 100%
        progress.progress(summary.totalBytesProcessed(), summary.totalBytesProcessed(), "restic backup done");
        String id = snapshot(restic, summary.shortSnapshotId())
                .orElseThrow(() -> new AgentException("restic backup made snapshot " + summary.shortSnapshotId()
                        + " but restic snapshots does not list it", true))
                .id();
        return new Snapshot(NAME, id, summary.totalBytesProcessed(), fileCount, id, BackupMethod.INCREMENTAL);
    }

    @Override
    public Verification verify(SourceLocation source, Snapshot snapshot) throws AgentException {
        ResticProcess restic = configure(source).restic();
        removeStaleLocks(restic);
        ToolProcess.Result check = restic.run("check");
        if (!check.succeeded() || !check.stdout().contains("no errors were found")) {
            if (ResticFailures.isAccessFailure(check)) {
                throw ResticFailures.classify(check, restic.repository());
            }
            return Verification.failed("restic check (exit " + check.exitCode() + ") found problems: "
                    + ResticOutput.stderrGist(check.stderr()));
        }
        long files = countFiles(restic, snapshot.snapshotId());
        String compared = "snapshot " + snapshot.snapshotId() + " lists " + files + " files, " + snapshot.fileCount()
                + " were counted at backup time";
        return files == snapshot.fileCount()
                ? Verification.passed("restic check: no errors were found; " + compared)
                : Verification.failed("restic check passed, but " + compared);
    }

    /**
     * {@code restic ls --json}'s nodes, with paths laid out as {@link #restore} lays them out: below the one source
     * path, or with several, their absolute paths without the leading {@code /}. The directories above the source
     * paths, which restic lists too, are left out. restic records no checksum per file.
     */
    @Override
    public FileListing list(SourceLocation source, Snapshot snapshot, String prefix, int limit) throws AgentException {
        ResticProcess restic = configure(source).restic();
        FileListing.Collector listing = new FileListing.Collector(prefix, limit);
        forEachEntry(restic, requireSnapshot(restic, snapshot), listing::add);
        return listing.listing();
    }

    /** The snapshot's restore size (of the files {@link RestoreSpec#paths()} selects) against the free space. */
    @Override
    public Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) throws AgentException {
        Configured configured = configure(source);
        RestoreLayout layout = RestoreLayout.of(source, spec, configured.paths());
        RestorePaths paths = RestorePaths.of(spec.paths());
        long bytes = paths.all() ? snapshot.bytes()
                : selectedFiles(configured.restic(), snapshot, paths).values().stream().mapToLong(SnapshotEntry::size).sum();
        return layout.capacityProblem(freeSpace, bytes);
    }

    @Override
    public RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress)
            throws AgentException {
        Configured configured = configure(source);
        RestoreLayout layout = RestoreLayout.of(source, spec, configured.paths());
        RestorePaths paths = RestorePaths.of(spec.paths());
        ResticProcess restic = configured.restic();
        ResticOutput.SnapshotInfo info = requireSnapshot(restic, snapshot);
        String below = below(info);
        List<String> args = new ArrayList<>(List.of("restore", info.id(), "--verify"));
        long bytes = snapshot.bytes();
        if (!paths.all()) {
            SortedMap<String, SnapshotEntry> selected = selected(restic, info, paths);
            paths.requireIn(selected.keySet(), "snapshot " + snapshot.snapshotId());
            bytes = selected.values().stream().mapToLong(SnapshotEntry::size).sum();
            for (String path : paths.paths()) {
                args.addAll(List.of("--include", GLOB_CHARACTER.matcher(below + path).replaceAll("\\\\$1")));
            }
        }
        try (RestoreTarget target = layout.begin()) {
            args.addAll(List.of("--target", target.staging().toString()));
            succeeded(restic, restic.run(args.toArray(String[]::new)));
            // restic 0.14 has no "<id>:<path>" restore and recreates absolute paths under --target: one source path
            // lands directly in the target, several keep their absolute layout beneath it
            target.complete(info.paths().size() == 1
                    ? target.staging().resolve(info.paths().get(0).replaceFirst("^/+", ""))
                    : target.staging());
        }
        progress.progress(bytes, bytes, "snapshot " + info.shortId() + " restored into " + layout.destination());
        return layout.restored();
    }

    /** The restored files' count and sizes against what {@code restic ls} lists of the snapshot. */
    @Override
    public Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored)
            throws AgentException {
        RestorePaths paths = RestorePaths.of(spec.paths());
        SortedMap<String, SnapshotEntry> expected = selectedFiles(configure(source).restic(), snapshot, paths);
        return RestoredTree.compare(Path.of(restored.location()), expected.values(),
                "snapshot " + snapshot.snapshotId() + "'s list");
    }

    @Override
    public void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) throws AgentException {
        RestoreLayout.of(source, spec, configure(source).paths()).switchIn();
    }

    @Override
    public void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous)
            throws AgentException {
        RestoreLayout.of(source, spec, configure(source).paths()).switchBack();
    }

    @Override
    public void discard(SourceLocation source, RestoreSpec spec) throws AgentException {
        RestoreLayout.of(source, spec, configure(source).paths()).discard();
    }

    /** The paths it backs up, and its repository when that is a local directory. */
    @Override
    public DataFootprint footprint(SourceLocation source) throws AgentException {
        Configured configured = configure(source);
        List<Path> paths = new ArrayList<>(configured.paths());
        String repository = configured.restic().repository();
        if (!BACKEND_URL.matcher(repository).matches()) {
            paths.add(Path.of(repository));
        }
        return new DataFootprint(paths, List.of());
    }

    /** A repository other than a backend URL is a local directory, which Lifeboat does not copy anywhere. */
    @Override
    public Optional<String> unfitForObjectStorage(Map<String, Object> settings) {
        Object repository = settings.get("repository");
        if (repository instanceof String url && BACKEND_URL.matcher(url).matches()) {
            return Optional.empty();
        }
        return Optional.of("restic keeps its repository " + (repository == null ? "in the staging directory" : repository)
                + ", which is never uploaded: give repository: s3:<endpoint>/<bucket>/<path> with s3AccessKeyRef,"
                + " s3SecretKeyRef and s3Region");
    }

    /** None: the snapshot lives in restic's own repository, which reaches object storage through its own settings. */
    @Override
    public List<Path> files(SourceLocation source, Snapshot snapshot) {
        return List.of();
    }

    /**
     * Forgets the snapshot together with any other snapshot tagged for the same backup: a restic that outlived the
     * agent that started it may have finished a second one after a new agent made the one recorded. It is found
     * nowhere else, so it goes with its backup rather than staying in the repository for good.
     */
    @Override
    public void delete(SourceLocation source, Snapshot snapshot) throws AgentException {
        ResticProcess restic = configure(source).restic();
        Optional<ResticOutput.SnapshotInfo> recorded = snapshot(restic, snapshot.snapshotId());
        if (recorded.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(List.of(recorded.get().id()));
        for (String tag : recorded.get().tags()) {
            if (tag.startsWith(BACKUP_TAG_PREFIX)) {
                ResticOutput.snapshots(succeeded(restic, restic.run("snapshots", "--json", "--tag", tag))).stream()
                        .map(ResticOutput.SnapshotInfo::id).filter(id -> !ids.contains(id)).forEach(ids::add);
            }
        }
        removeStaleLocks(restic);
        List<String> forget = new ArrayList<>(List.of("forget"));
        forget.addAll(ids);
        succeeded(restic, restic.run(forget.toArray(String[]::new)));
        succeeded(restic, restic.run("prune"));
    }

    private Settings read(AgentSettings reader, Path baseDir) {
        List<String> paths = reader.requiredTextList("paths");
        SecretReference password = secretReference(reader, "passwordRef", baseDir);
        String repository = reader.optionalText("repository", null);
        ResticProcess.S3Access s3 = null;
        if (repository != null && repository.startsWith(S3_PREFIX)) {
            s3 = readS3(reader, baseDir);
        } else {
            // a local repository would silently ignore them, hiding that the data source is not what it seems
            S3_SETTINGS.stream().filter(reader::isPresent)
                    .forEach(key -> reader.problem(key + " is only for an s3: repository"));
        }
        return new Settings(paths, password, repository, s3);
    }

    private static ResticProcess.S3Access readS3(AgentSettings reader, Path baseDir) {
        SecretReference accessKey = secretReference(reader, "s3AccessKeyRef", baseDir);
        SecretReference secretKey = secretReference(reader, "s3SecretKeyRef", baseDir);
        String region = reader.requiredText("s3Region");
        if (region != null && !REGION.matcher(region).matches()) {
            reader.problem("s3Region must be a region name such as us-east-1 (letters, digits, - and _)");
            region = null;
        }
        String bucketLookup = reader.optionalText("s3BucketLookup", "path");
        if (bucketLookup != null && !BUCKET_LOOKUPS.contains(bucketLookup)) {
            reader.problem("s3BucketLookup must be one of " + String.join(", ", BUCKET_LOOKUPS));
            bucketLookup = null;
        }
        return accessKey == null || secretKey == null || region == null || bucketLookup == null
                ? null : new ResticProcess.S3Access(accessKey, secretKey, region, bucketLookup);
    }

    /** A required secret reference, or null with a problem noted; the problem never repeats the text given. */
    private static SecretReference secretReference(AgentSettings reader, String key, Path baseDir) {
        String reference = reader.requiredText(key);
        if (reference == null) {
            return null;
        }
        try {
            return SecretReference.parse(reference, baseDir);
        } catch (IllegalArgumentException e) {
            reader.problem(key + " is " + e.getMessage());
            return null;
        }
    }

    private Configured configure(SourceLocation source) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        Settings settings = read(reader, source.baseDir());
        reader.requireValid(NAME);
        String repository;
        if (settings.repository() == null) {
            AgentSettings.requireSafeName(source.dataSource(), "data source");
            repository = source.storageRoot().resolve(NAME).resolve(source.dataSource()).toAbsolutePath().toString();
        } else {
            repository = BACKEND_URL.matcher(settings.repository()).matches()
                    ? settings.repository() : source.resolve(settings.repository()).toString();
        }
        List<Path> paths = settings.paths().stream().map(source::resolve).toList();
        return new Configured(new ResticProcess(binary, repository, settings.password(), settings.s3()), paths);
    }

    private static void ensureRepository(ResticProcess restic) throws AgentException {
        ToolProcess.Result config = restic.run("cat", "config");
        if (config.succeeded()) {
            return;
        }
        if (!ResticFailures.repositoryMissing(config)) {
            throw ResticFailures.classify(config, restic.repository());
        }
        ToolProcess.Result init = restic.run("init");
        if (!init.succeeded()) {
            throw ResticFailures.classify(init, restic.repository());
        }
    }

    /**
     * Before a command that locks the repository exclusively ({@code check}, {@code forget}, {@code prune},
     * {@code tag}): restic 0.14 refuses such a lock while any other lock is there, even one a killed restic left behind
     * (a worker killed mid-backup leaves one), and has no option to wait or to ignore it. {@code restic unlock} without
     * {@code --remove-all} removes only stale locks, those of a process on this host that is gone or older than 30
     * minutes, so a restic still running keeps its lock and the command after this one is refused as before.
     */
    private static void removeStaleLocks(ResticProcess restic) throws AgentException {
        succeeded(restic, restic.run("unlock"));
    }

    private static Optional<ResticOutput.SnapshotInfo> taggedSnapshot(ResticProcess restic, String backupId)
            throws AgentException {
        return ResticOutput.snapshots(succeeded(restic, restic.run("snapshots", "--json", "--tag", BACKUP_TAG_PREFIX + backupId)))
                .stream().findFirst();
    }

    private static ResticOutput.SnapshotInfo requireSnapshot(ResticProcess restic, Snapshot snapshot) throws AgentException {
        return snapshot(restic, snapshot.snapshotId())
                .orElseThrow(() -> new AgentException("snapshot " + snapshot.snapshotId() + " is not in repository "
                        + restic.repository(), false));
    }

    /** Where {@link #list} and a restore start the snapshot's paths: below its one source path, else at the root. */
    private static String below(ResticOutput.SnapshotInfo info) {
        return info.paths().size() == 1 ? info.paths().get(0).replaceFirst("/+$", "") + "/" : "/";
    }

    /** {@code restic ls --json}'s nodes as {@link #list} names them. */
    private static void forEachEntry(ResticProcess restic, ResticOutput.SnapshotInfo info, Consumer<SnapshotEntry> each)
            throws AgentException {
        String below = below(info);
        succeeded(restic, restic.run(List.of("ls", "--json", info.id()), line -> ResticOutput.node(line)
                .filter(node -> node.path().startsWith(below))
                .ifPresent(node -> each.accept(new SnapshotEntry(node.path().substring(below.length()), node.size(), null,
                        node.type())))));
    }

    /** The entries {@code paths} selects, files, directories and links, by path. */
    private static SortedMap<String, SnapshotEntry> selected(ResticProcess restic, ResticOutput.SnapshotInfo info,
                                                             RestorePaths paths) throws AgentException {
        SortedMap<String, SnapshotEntry> selected = new TreeMap<>();
        forEachEntry(restic, info, entry -> {
            if (paths.selects(entry.path())) {
                selected.put(entry.path(), entry);
            }
        });
        return selected;
    }

    private static SortedMap<String, SnapshotEntry> selectedFiles(ResticProcess restic, Snapshot snapshot, RestorePaths paths)
            throws AgentException {
        SortedMap<String, SnapshotEntry> files = selected(restic, requireSnapshot(restic, snapshot), paths);
        files.values().removeIf(entry -> !SnapshotEntry.FILE.equals(entry.type()));
        return files;
    }

    private static Optional<ResticOutput.SnapshotInfo> snapshot(ResticProcess restic, String id) throws AgentException {
        return ResticOutput.snapshots(succeeded(restic, restic.run("snapshots", "--json", id))).stream().findFirst();
    }

    /** The snapshot an earlier attempt made, described as that attempt would have: restore size and file count. */
    private static Snapshot describe(ResticProcess restic, String id) throws AgentException {
        long bytes = ResticOutput.totalSize(succeeded(restic, restic.run("stats", "--json", id)));
        return new Snapshot(NAME, id, bytes, countFiles(restic, id), id, BackupMethod.INCREMENTAL);
    }

    private static long countFiles(ResticProcess restic, String id) throws AgentException {
        long[] files = {0};
        ToolProcess.Result result = restic.run(List.of("ls", "--json", id), line -> {
            if (ResticOutput.isFileNode(line)) {
                files[0]++;
            }
        });
        succeeded(restic, result);
        return files[0];
    }

    /** Empty when done, else what the operator must do by hand before retrying. */
    private static String untagIncomplete(ResticProcess restic, String shortId, String backupId) {
        String stillTagged = "; the incomplete snapshot " + shortId + " could not be untagged, remove its tag "
                + BACKUP_TAG_PREFIX + backupId + " before retrying";
        try {
            removeStaleLocks(restic);
            ToolProcess.Result result = restic.run("tag", "--remove", BACKUP_TAG_PREFIX + backupId,
                    "--add", INCOMPLETE_TAG_PREFIX + backupId, shortId);
            return result.succeeded() ? "; snapshot " + shortId + " was retagged " + INCOMPLETE_TAG_PREFIX + backupId
                    : stillTagged + " (" + ResticOutput.stderrGist(result.stderr()) + ")";
        } catch (AgentException e) {
            return stillTagged + " (" + e.getMessage() + ")";
        }
    }

    private static String succeeded(ResticProcess restic, ToolProcess.Result result) throws AgentException {
        if (!result.succeeded()) {
            throw ResticFailures.classify(result, restic.repository());
        }
        return result.stdout();
    }

    private static long countRegularFiles(List<Path> paths) throws AgentException {
        long count = 0;
        for (Path path : paths) {
            try (Stream<Path> walk = Files.walk(path)) {
                count += walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
            } catch (IOException e) {
                throw new AgentException("cannot count the files under " + path + ": " + e.getMessage(), true, e);
            }
        }
        return count;
    }
}
