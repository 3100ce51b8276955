package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipException;

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
import io.lifeboat.storage.FreeSpaceProbe;

/**
 * The built-in agent: a data source's directory as a standard tar archive (gzip or zstd) plus a JSON manifest with
 * every file's SHA-256, under {@code <storageRoot>/files/<dataSource>/}. Pure Java, nothing to install, and the
 * archive restores with {@code tar} alone when Lifeboat is down.
 *
 * <p>Settings: {@code path} (required, the directory) and {@code compression} ({@code gzip}, the default, or
 * {@code zstd}).
 *
 * <p>Restores keep every file's modification time and permissions; {@link RestoreLayout} says where they write.
 */
@Component
public class FilesAgent implements BackupAgent {

    public static final String NAME = "files";

    private static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final String PARTIAL_SUFFIX = ".partial";

    private record Settings(String path, ArchiveCompression compression) {
    }

    private final FreeSpaceProbe freeSpace;

    public FilesAgent() {
        this(new FreeSpaceProbe.FileStoreProbe());
    }

    /** With the free space a restore's capacity check sees, for tests that cannot fill a disk. */
    FilesAgent(FreeSpaceProbe freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A tar archive of the whole directory each time. */
    @Override
    public Set<BackupMethod> honouredMethods() {
        return Set.of(BackupMethod.FULL);
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        AgentSettings reader = new AgentSettings(settings);
        read(reader);
        return reader.problems();
    }

    @Override
    public Snapshot backup(String backupId, SourceLocation source, ProgressListener progress) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        Settings settings = read(reader);
        reader.requireValid(NAME);
        AgentSettings.requireSafeName(backupId, "backup id");
        Path sourceDir = source.resolve(settings.path());
        if (!Files.isDirectory(sourceDir)) {
            throw new AgentException("path " + sourceDir + " is not a directory", false);
        }
        Path backupDir = backupDir(source);
        Path manifestFile = backupDir.resolve(backupId + MANIFEST_SUFFIX);
        try {
            if (Files.exists(manifestFile)) {
                return existingSnapshot(manifestFile);
            }
            Files.createDirectories(backupDir);
            removeLeftovers(backupDir, backupId);
            ArchiveCompression compression = settings.compression();
            Path archive = backupDir.resolve(backupId + compression.extension());
            Path partialArchive = partial(archive);
            FilesArchiveWriter.Written written = new FilesArchiveWriter(sourceDir, progress).write(partialArchive, compression);
            moveDurably(partialArchive, archive);
            FilesManifest manifest = new FilesManifest(source.serviceId(), source.dataSource(), backupId,
                    Instant.now().toString(), compression.settingValue(),
                    new FilesManifest.Archive(archive.getFileName().toString(), written.archiveBytes(), written.archiveSha256()),
                    written.files());
            Path partialManifest = partial(manifestFile);
            manifest.write(partialManifest);
            moveDurably(partialManifest, manifestFile); // last: its presence means the backup is complete
            return snapshotOf(manifest);
        } catch (IOException e) {
            throw new AgentException("files backup of " + sourceDir + " failed: " + e.getMessage(), true, e);
        }
    }

    @Override
    public Verification verify(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        FilesManifest manifest;
        try {
            manifest = FilesManifest.read(manifestFile);
        } catch (IOException e) {
            return Verification.failed("manifest " + manifestFile + " cannot be read: " + e.getMessage());
        }
        if (!manifest.archive().sha256().equals(snapshot.checksum())) {
            return Verification.failed("the snapshot's checksum " + snapshot.checksum()
                    + " differs from the manifest's archive SHA-256 " + manifest.archive().sha256());
        }
        return reader(manifestFile, manifest).verify(manifest);
    }

    /** The archive, then the manifest. */
    @Override
    public List<Path> files(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        if (!Files.exists(manifestFile)) {
            return List.of();
        }
        return List.of(archiveOf(manifestFile, manifest(manifestFile)), manifestFile);
    }

    /** The manifest's regular files with their sizes and SHA-256 (it records no directories); paths as in the source directory. */
    @Override
    public FileListing list(SourceLocation source, Snapshot snapshot, String prefix, int limit) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        FileListing.Collector listing = new FileListing.Collector(prefix, limit);
        manifest(manifestFile).files().forEach(file -> listing.add(file.entry()));
        return listing.listing();
    }

    /** The manifest's sizes of the files to restore, against the free space where they would be written. */
    @Override
    public Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) throws AgentException {
        RestoreLayout layout = layout(source, spec);
        return layout.capacityProblem(freeSpace, bytes(manifest(manifestFile(source, snapshot)), RestorePaths.of(spec.paths())));
    }

    /** The exception and its causes, as decompression on a thread of its own ({@link ReadAheadInputStream}) wraps them. */
    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
    }

    /** Extracts the archive, or the entries {@link RestoreSpec#paths()} selects, where {@link RestoreLayout} says. */
    @Override
    public RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress)
            throws AgentException {
        RestoreLayout layout = layout(source, spec);
        RestorePaths paths = RestorePaths.of(spec.paths());
        Path manifestFile = manifestFile(source, snapshot);
        FilesManifest manifest = manifest(manifestFile);
        try (RestoreTarget target = layout.begin()) {
            List<String> extracted = reader(manifestFile, manifest).extract(target.staging(), paths);
            paths.requireIn(extracted, "backup " + snapshot.snapshotId());
            target.complete(target.staging());
        } catch (IOException e) {
            // the archive's own checks (gzip's CRC and length) saying its bytes are damaged: trying again cannot help
            boolean damaged = causes(e).anyMatch(ZipException.class::isInstance);
            throw new AgentException("restore of backup " + snapshot.snapshotId() + " from " + manifestFile + " failed: "
                    + (damaged ? "the archive is damaged: " : "") + e.getMessage(), !damaged, e);
        }
        long bytes = bytes(manifest, paths);
        progress.progress(bytes, bytes, "backup " + snapshot.snapshotId() + " restored into " + layout.destination());
        return layout.restored();
    }

    /** Every restored file's size and SHA-256 against the manifest, with none missing and none extra. */
    @Override
    public Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored)
            throws AgentException {
        RestorePaths paths = RestorePaths.of(spec.paths());
        List<SnapshotEntry> expected = manifest(manifestFile(source, snapshot)).files().stream()
                .filter(file -> paths.selects(file.path()))
                .map(FilesManifest.FileEntry::entry).toList();
        return RestoredTree.compare(Path.of(restored.location()), expected, "backup " + snapshot.snapshotId() + "'s manifest");
    }

    @Override
    public void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) throws AgentException {
        layout(source, spec).switchIn();
    }

    @Override
    public void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous)
            throws AgentException {
        layout(source, spec).switchBack();
    }

    @Override
    public void discard(SourceLocation source, RestoreSpec spec) throws AgentException {
        layout(source, spec).discard();
    }

    /** The directory and the one its archives go to. */
    @Override
    public DataFootprint footprint(SourceLocation source) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        Settings settings = read(reader);
        reader.requireValid(NAME);
        return new DataFootprint(List.of(source.resolve(settings.path()), backupDir(source).toAbsolutePath().normalize()),
                List.of());
    }

    private static RestoreLayout layout(SourceLocation source, RestoreSpec spec) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        Settings settings = read(reader);
        reader.requireValid(NAME);
        return RestoreLayout.of(source, spec, List.of(source.resolve(settings.path())));
    }

    private static long bytes(FilesManifest manifest, RestorePaths paths) {
        return manifest.files().stream().filter(f -> paths.selects(f.path())).mapToLong(FilesManifest.FileEntry::size).sum();
    }

    private static FilesManifest manifest(Path manifestFile) throws AgentException {
        try {
            return FilesManifest.read(manifestFile);
        } catch (IOException e) {
            throw new AgentException("manifest " + manifestFile + " cannot be read: " + e.getMessage(), true, e);
        }
    }

    private static Settings read(AgentSettings reader) {
        String path = reader.requiredText("path");
        String compressionName = reader.optionalText("compression", ArchiveCompression.GZIP.settingValue());
        ArchiveCompression compression = null;
        if (compressionName != null) {
            compression = ArchiveCompression.fromSetting(compressionName).orElse(null);
            if (compression == null) {
                reader.problem("compression '" + compressionName + "' is not one of " + ArchiveCompression.allowedValues());
            }
        }
        return new Settings(path, compression);
    }

    private static Path backupDir(SourceLocation source) throws AgentException {
        AgentSettings.requireSafeName(source.dataSource(), "data source");
        return source.storageRoot().resolve(NAME).resolve(source.dataSource());
    }

    @Override
    public void delete(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        try {
            // the manifest goes first: without it a leftover archive counts as half-written, never as a backup
            Path archive = Files.exists(manifestFile)
                    ? manifestFile.resolveSibling(FilesManifest.read(manifestFile).archive().name()).normalize() : null;
            Files.deleteIfExists(manifestFile);
            if (archive != null) {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            throw new AgentException("cannot delete backup " + snapshot.snapshotId() + " in " + manifestFile.getParent()
                    + ": " + e.getMessage(), true, e);
        }
    }

    private static Path manifestFile(SourceLocation source, Snapshot snapshot) throws AgentException {
        AgentSettings.requireSafeName(snapshot.snapshotId(), "backup id");
        return backupDir(source).resolve(snapshot.snapshotId() + MANIFEST_SUFFIX);
    }

    private static FilesArchiveReader reader(Path manifestFile, FilesManifest manifest) throws AgentException {
        ArchiveCompression compression = ArchiveCompression.fromSetting(manifest.compression())
                .orElseThrow(() -> new AgentException("manifest " + manifestFile + " names unknown compression '"
                        + manifest.compression() + "'", false));
        return new FilesArchiveReader(archiveOf(manifestFile, manifest), compression);
    }

    private static Path archiveOf(Path manifestFile, FilesManifest manifest) throws AgentException {
        Path archive = manifestFile.resolveSibling(manifest.archive().name()).normalize();
        if (!archive.getParent().equals(manifestFile.getParent())) {
            throw new AgentException("manifest " + manifestFile + " names an archive outside its directory", false);
        }
        return archive;
    }

    /**
     * The snapshot an earlier attempt completed. A manifest is written only after its archive, so a mismatch here is
     * damage to a finished backup: it is reported rather than overwritten, keeping the evidence.
     */
    private static Snapshot existingSnapshot(Path manifestFile) throws IOException, AgentException {
        FilesManifest manifest = FilesManifest.read(manifestFile);
        Path archive = manifestFile.resolveSibling(manifest.archive().name());
        if (!Files.isRegularFile(archive) || Files.size(archive) != manifest.archive().bytes()
                || !Sha256.of(archive).equals(manifest.archive().sha256())) {
            throw new AgentException("backup " + manifest.backupId() + " already exists, but its archive " + archive
                    + " does not match its manifest; refusing to overwrite it", false);
        }
        return snapshotOf(manifest);
    }

    /** Without a manifest, anything under this backup id is an interrupted attempt. */
    private static void removeLeftovers(Path backupDir, String backupId) throws IOException {
        for (ArchiveCompression compression : ArchiveCompression.values()) {
            Path archive = backupDir.resolve(backupId + compression.extension());
            Files.deleteIfExists(archive);
            Files.deleteIfExists(partial(archive));
        }
        Files.deleteIfExists(partial(backupDir.resolve(backupId + MANIFEST_SUFFIX)));
    }

    private static Snapshot snapshotOf(FilesManifest manifest) {
        return new Snapshot(NAME, manifest.backupId(), manifest.archive().bytes(), manifest.files().size(),
                manifest.archive().sha256(), BackupMethod.FULL);
    }

    private static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
    }

    /** fsync, then rename: after a crash the final name holds either nothing or the complete file. */
    static void moveDurably(Path partial, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
