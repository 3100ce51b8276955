package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;

class FilesAgentTest {

    @TempDir
    Path dir;

    private final FilesAgent agent = new FilesAgent();
    private Path source;
    private Path storage;

    @BeforeEach
    void createSource() throws IOException {
        source = SourceTree.create(dir.resolve("runbooks/data/helpdesk"));
        storage = Files.createDirectories(dir.resolve("storage/helpdesk"));
    }

    private SourceLocation location(ArchiveCompression compression) {
        return new SourceLocation("helpdesk", "attachments",
                Map.of("path", "data/helpdesk", "compression", compression.settingValue()),
                dir.resolve("runbooks"), storage, BackupMethod.FULL);
    }

    private Path backupDir() {
        return storage.resolve("files/attachments");
    }

    @ParameterizedTest
    @EnumSource(ArchiveCompression.class)
    void backsUpVerifiesAndRestoresByteForByte(ArchiveCompression compression) throws Exception {
        List<long[]> progress = new ArrayList<>();

        Snapshot snapshot = agent.backup("b-1", location(compression), (done, total, message) -> progress.add(new long[] {done, total}));

        Path archive = backupDir().resolve("b-1" + compression.extension());
        assertThat(snapshot).isEqualTo(new Snapshot("files", "b-1", Files.size(archive), SourceTree.FILE_COUNT,
                sha256sum(archive), BackupMethod.FULL));
        long sourceBytes = SourceTree.picture(source).values().stream()
                .filter(v -> !v.equals("<dir>")).mapToLong(v -> v.length() / 2).sum();
        assertThat(progress).last().satisfies(p -> assertThat(p).containsExactly(sourceBytes, sourceBytes));

        FilesManifest manifest = FilesManifest.read(backupDir().resolve("b-1.manifest.json"));
        assertThat(manifest.serviceId()).isEqualTo("helpdesk");
        assertThat(manifest.dataSource()).isEqualTo("attachments");
        assertThat(manifest.backupId()).isEqualTo("b-1");
        assertThat(manifest.createdAt()).isNotBlank();
        assertThat(manifest.archive()).isEqualTo(new FilesManifest.Archive(archive.getFileName().toString(),
                snapshot.bytes(), snapshot.checksum()));
        assertThat(manifest.files()).extracting(FilesManifest.FileEntry::path)
                .containsExactlyInAnyOrder("docs/readme.txt", "docs/nested/deeper/notes.md", SourceTree.BINARY,
                        "empty.txt", SourceTree.NON_ASCII, SourceTree.LONG_PATH);
        assertThat(manifest.files()).filteredOn(f -> f.path().equals(SourceTree.BINARY)).singleElement()
                .satisfies(f -> {
                    assertThat(f.size()).isEqualTo(300_000);
                    assertThat(f.sha256()).isEqualTo(sha256sum(source.resolve(SourceTree.BINARY)));
                });

        Verification verification = agent.verify(location(compression), snapshot);
        assertThat(verification.ok()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).contains("all 6 files");

        Path target = dir.resolve("restored/here");
        agent.restore(location(compression), snapshot, RestoreSpecs.alternate("r-1", target), ProgressListener.NONE);
        assertThat(SourceTree.picture(target)).isEqualTo(SourceTree.picture(source));
        assertThat(Files.getLastModifiedTime(target.resolve(SourceTree.BINARY)).toMillis() / 1000)
                .isEqualTo(Files.getLastModifiedTime(source.resolve(SourceTree.BINARY)).toMillis() / 1000);
        assertThat(SourceTree.siblings(target)).as("no staging directory left behind")
                .containsExactly(".here.restored-by-r-1", "here");
    }

    @ParameterizedTest
    @EnumSource(ArchiveCompression.class)
    void theTarBinaryAloneRestoresTheArchive(ArchiveCompression compression) throws Exception {
        agent.backup("b-tar", location(compression), ProgressListener.NONE);
        Path archive = backupDir().resolve("b-tar" + compression.extension());
        Path target = Files.createDirectories(dir.resolve("by-tar"));

        String flag = compression == ArchiveCompression.GZIP ? "-xzf" : "--zstd -xf";
        List<String> command = new ArrayList<>(List.of("/usr/bin/tar"));
        command.addAll(List.of(flag.split(" ")));
        command.addAll(List.of(archive.toString(), "-C", target.toString()));
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(output).isZero();
        assertThat(output).as("GNU tar restores without a warning").isEmpty();

        assertThat(SourceTree.picture(target)).isEqualTo(SourceTree.picture(source));
    }

    @ParameterizedTest
    @EnumSource(ArchiveCompression.class)
    void filesAreTheArchiveThenTheManifestAndNoneOnceDeleted(ArchiveCompression compression) throws Exception {
        Snapshot snapshot = agent.backup("b-1", location(compression), ProgressListener.NONE);

        List<Path> files = agent.files(location(compression), snapshot);

        assertThat(files).containsExactly(backupDir().resolve("b-1" + compression.extension()),
                backupDir().resolve("b-1.manifest.json"));
        assertThat(files).allSatisfy(file -> assertThat(file).isRegularFile());
        agent.delete(location(compression), snapshot);
        assertThat(agent.files(location(compression), snapshot)).isEmpty();
    }

    @Test
    void deleteRemovesArchiveAndManifestAndMayBeRepeated() throws Exception {
        agent.backup("b-keep", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Snapshot deleted = agent.backup("b-delete", location(ArchiveCompression.GZIP), ProgressListener.NONE);

        agent.delete(location(ArchiveCompression.GZIP), deleted);
        agent.delete(location(ArchiveCompression.GZIP), deleted);

        try (Stream<Path> files = Files.list(backupDir())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("b-keep.tar.gz", "b-keep.manifest.json");
        }
    }

    @Test
    void repeatedBackupWithTheSameIdReturnsTheFirstSnapshotAndWritesNothing() throws Exception {
        Snapshot first = agent.backup("b-2", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Map<String, FileTime> written = modificationTimes(backupDir());
        SourceTree.write(source, "docs/readme.txt", "changed after the backup".getBytes(StandardCharsets.UTF_8));

        Snapshot again = agent.backup("b-2", location(ArchiveCompression.GZIP), ProgressListener.NONE);

        assertThat(again).isEqualTo(first);
        assertThat(modificationTimes(backupDir())).isEqualTo(written);
    }

    @Test
    void aHalfWrittenLeftoverIsReplaced() throws Exception {
        Files.createDirectories(backupDir());
        Files.writeString(backupDir().resolve("b-3.tar.gz"), "truncated by a crash");
        Files.writeString(backupDir().resolve("b-3.tar.gz.partial"), "half");
        Files.writeString(backupDir().resolve("b-3.manifest.json.partial"), "{\"half\":");

        Snapshot snapshot = agent.backup("b-3", location(ArchiveCompression.GZIP), ProgressListener.NONE);

        assertThat(agent.verify(location(ArchiveCompression.GZIP), snapshot).ok()).isTrue();
        assertThat(snapshot.checksum()).isEqualTo(sha256sum(backupDir().resolve("b-3.tar.gz")));
        try (Stream<Path> files = Files.list(backupDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("b-3.tar.gz", "b-3.manifest.json");
        }
    }

    @Test
    void aCompletedBackupWhoseArchiveWasChangedIsNotOverwritten() throws Exception {
        agent.backup("b-4", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Files.writeString(backupDir().resolve("b-4.tar.gz"), "damaged");

        assertThatThrownBy(() -> agent.backup("b-4", location(ArchiveCompression.GZIP), ProgressListener.NONE))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("does not match its manifest")
                .satisfies(e -> assertThat(((AgentException) e).isRetryable()).isFalse());
        assertThat(backupDir().resolve("b-4.tar.gz")).hasContent("damaged");
    }

    @ParameterizedTest
    @EnumSource(ArchiveCompression.class)
    void verifyNamesAFileChangedInsideTheArchive(ArchiveCompression compression) throws Exception {
        Snapshot snapshot = agent.backup("b-5", location(compression), ProgressListener.NONE);
        byte[] tampered = Files.readAllBytes(source.resolve(SourceTree.BINARY));
        tampered[1234] ^= 1;
        SourceTree.write(source, SourceTree.BINARY, tampered);
        new FilesArchiveWriter(source, ProgressListener.NONE)
                .write(backupDir().resolve("b-5" + compression.extension()), compression);

        Verification verification = agent.verify(location(compression), snapshot);

        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).contains("file " + SourceTree.BINARY).contains("SHA-256");
    }

    @Test
    void verifyNamesAFileWhoseManifestEntryWasChanged() throws Exception {
        Snapshot snapshot = agent.backup("b-6", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Path manifestFile = backupDir().resolve("b-6.manifest.json");
        FilesManifest manifest = FilesManifest.read(manifestFile);
        List<FilesManifest.FileEntry> files = new ArrayList<>(manifest.files());
        int index = files.indexOf(files.stream().filter(f -> f.path().equals(SourceTree.NON_ASCII)).findFirst().orElseThrow());
        files.set(index, new FilesManifest.FileEntry(SourceTree.NON_ASCII, files.get(index).size(), "0".repeat(64)));
        new FilesManifest(manifest.serviceId(), manifest.dataSource(), manifest.backupId(), manifest.createdAt(),
                manifest.compression(), manifest.archive(), files).write(manifestFile);

        Verification verification = agent.verify(location(ArchiveCompression.GZIP), snapshot);

        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).startsWith("file " + SourceTree.NON_ASCII + " has SHA-256");
    }

    @Test
    void verifyReportsFilesMissingFromOrExtraInTheArchive() throws Exception {
        Snapshot snapshot = agent.backup("b-7", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Path manifestFile = backupDir().resolve("b-7.manifest.json");
        FilesManifest manifest = FilesManifest.read(manifestFile);
        List<FilesManifest.FileEntry> files = new ArrayList<>(manifest.files());
        files.removeIf(f -> f.path().equals("empty.txt"));
        files.add(new FilesManifest.FileEntry("docs/gone.txt", 1, "0".repeat(64)));
        FilesManifest changed = new FilesManifest(manifest.serviceId(), manifest.dataSource(), manifest.backupId(),
                manifest.createdAt(), manifest.compression(), manifest.archive(), files);
        changed.write(manifestFile);

        assertThat(agent.verify(location(ArchiveCompression.GZIP), snapshot).detail())
                .isEqualTo("file empty.txt is in the archive but not in the manifest");

        files.add(new FilesManifest.FileEntry("empty.txt", 0, manifest.files().stream()
                .filter(f -> f.path().equals("empty.txt")).findFirst().orElseThrow().sha256()));
        new FilesManifest(manifest.serviceId(), manifest.dataSource(), manifest.backupId(), manifest.createdAt(),
                manifest.compression(), manifest.archive(), files).write(manifestFile);

        assertThat(agent.verify(location(ArchiveCompression.GZIP), snapshot).detail())
                .isEqualTo("file docs/gone.txt is in the manifest but missing from the archive");
    }

    @Test
    void verifyFailsOnACorruptedArchiveNamingIt() throws Exception {
        Snapshot snapshot = agent.backup("b-8", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Path archive = backupDir().resolve("b-8.tar.gz");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 6] ^= 0x55; // in the gzip trailer's CRC: every entry still reads back intact
        Files.write(archive, bytes);

        Verification verification = agent.verify(location(ArchiveCompression.GZIP), snapshot);

        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).contains("b-8.tar.gz");
    }

    @Test
    void restoreRefusesATargetThatIsNotEmpty() throws Exception {
        Snapshot snapshot = agent.backup("b-9", location(ArchiveCompression.GZIP), ProgressListener.NONE);
        Path target = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(target.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> agent.restore(location(ArchiveCompression.GZIP), snapshot,
                RestoreSpecs.alternate("r-9", target), ProgressListener.NONE))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("is not an empty directory");
        assertThat(target.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void restoreRefusesEntriesThatEscapeTheTarget() throws Exception {
        Path archive = Files.createDirectories(backupDir()).resolve("evil.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(ArchiveCompression.GZIP.compress(out))) {
            byte[] content = "owned".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("docs/../../escaped.txt", true);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        String checksum = sha256sum(archive);
        new FilesManifest("helpdesk", "attachments", "evil", "2026-01-01T00:00:00Z", "gzip",
                new FilesManifest.Archive("evil.tar.gz", Files.size(archive), checksum), List.of())
                .write(backupDir().resolve("evil.manifest.json"));
        Path target = dir.resolve("restore-evil/inside");

        assertThatThrownBy(() -> agent.restore(location(ArchiveCompression.GZIP),
                new Snapshot("files", "evil", Files.size(archive), 1, checksum, BackupMethod.FULL),
                RestoreSpecs.alternate("r-evil", target), ProgressListener.NONE))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("'docs/../../escaped.txt' would be written outside");
        assertThat(dir.resolve("restore-evil/escaped.txt")).doesNotExist();
        assertThat(target).doesNotExist();
        try (Stream<Path> left = Files.list(dir.resolve("restore-evil"))) {
            assertThat(left).as("staging removed").isEmpty();
        }
    }

    @Test
    void validateNamesBadOrMissingSettings() {
        assertThat(agent.validate(Map.of("path", "data"))).isEmpty();
        assertThat(agent.validate(Map.of("path", "data", "compression", "zstd"))).isEmpty();
        assertThat(agent.validate(Map.of())).containsExactly("path is required");
        assertThat(agent.validate(Map.of("path", "data", "compression", "lz4")))
                .containsExactly("compression 'lz4' is not one of gzip, zstd");
    }

    @Test
    void backupRefusesAMissingSourceDirectoryAndAnUnsafeBackupId() {
        SourceLocation missing = new SourceLocation("helpdesk", "attachments", Map.of("path", "no/such/dir"),
                dir.resolve("runbooks"), storage, BackupMethod.FULL);
        assertThatThrownBy(() -> agent.backup("b-10", missing, ProgressListener.NONE))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("no/such/dir is not a directory");
        assertThatThrownBy(() -> agent.backup("../b-10", location(ArchiveCompression.GZIP), ProgressListener.NONE))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("backup id '../b-10'");
    }

    private static Map<String, FileTime> modificationTimes(Path directory) throws IOException {
        Map<String, FileTime> times = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
            }
        }
        return times;
    }

    private static String sha256sum(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.of(in);
        }
    }
}
