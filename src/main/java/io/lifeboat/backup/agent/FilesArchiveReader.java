package io.lifeboat.backup.agent;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.Verification;

/** Reads archives the {@link FilesArchiveWriter} wrote: checks them against their manifest, or extracts them. */
final class FilesArchiveReader {

    private final Path archive;
    private final ArchiveCompression compression;

    FilesArchiveReader(Path archive, ArchiveCompression compression) {
        this.archive = archive;
        this.compression = compression;
    }

    /**
     * Re-reads every entry against the manifest (size and SHA-256, nothing missing, nothing extra), then the whole
     * archive's SHA-256. Entries are checked first so that a changed file is named rather than only the archive.
     */
    Verification verify(FilesManifest manifest) {
        Map<String, FilesManifest.FileEntry> expected = new LinkedHashMap<>();
        manifest.files().forEach(f -> expected.put(f.path(), f));
        MessageDigest archiveDigest = Sha256.newDigest();
        String lastEntry = "(start)";
        try (InputStream raw = new DigestInputStream(Files.newInputStream(archive), archiveDigest);
                TarArchiveInputStream tar = open(raw)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                lastEntry = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                FilesManifest.FileEntry file = expected.remove(entry.getName());
                if (file == null) {
                    return Verification.failed("file " + entry.getName() + " is in the archive but not in the manifest");
                }
                if (entry.getSize() != file.size()) {
                    return Verification.failed("file " + file.path() + " has " + entry.getSize() + " bytes in the archive, "
                            + file.size() + " in the manifest");
                }
                String sha256 = Sha256.of(tar);
                if (!sha256.equals(file.sha256())) {
                    return Verification.failed("file " + file.path() + " has SHA-256 " + sha256 + " in the archive, "
                            + file.sha256() + " in the manifest");
                }
            }
            raw.transferTo(OutputStream.nullOutputStream()); // trailing padding counts towards the archive's checksum
        } catch (IOException e) {
            return Verification.failed("archive " + archive.getFileName() + " cannot be read after entry " + lastEntry
                    + ": " + e.getMessage());
        }
        if (!expected.isEmpty()) {
            return Verification.failed("file " + expected.keySet().iterator().next()
                    + " is in the manifest but missing from the archive");
        }
        String archiveSha256 = Sha256.hex(archiveDigest);
        if (!archiveSha256.equals(manifest.archive().sha256())) {
            return Verification.failed("archive " + archive.getFileName() + " has SHA-256 " + archiveSha256
                    + ", the manifest says " + manifest.archive().sha256());
        }
        return Verification.passed("archive " + archive.getFileName() + " SHA-256 " + archiveSha256 + " and all "
                + manifest.files().size() + " files (size and SHA-256) match the manifest");
    }

    /**
     * Extracts the entries {@code paths} selects into {@code into}, keeping their modification times and permissions;
     * an entry that would land outside it, or is not a file or directory, stops it. The archive is decompressed on a
     * thread of its own ({@link ReadAheadInputStream}) while this one writes the files, as {@code tar} has its
     * decompressor in a process of its own.
     *
     * @return the names of the entries extracted
     */
    List<String> extract(Path into, RestorePaths paths) throws IOException, AgentException {
        Path root = into.toAbsolutePath().normalize();
        List<String> extracted = new ArrayList<>();
        List<TarArchiveEntry> directories = new ArrayList<>();
        List<Path> directoryPaths = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(archive);
                InputStream decompressed = new ReadAheadInputStream(decompress(raw));
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path destination = root.resolve(entry.getName()).normalize();
                if (entry.getName().startsWith("/") || !destination.startsWith(root) || destination.equals(root)) {
                    throw new AgentException("archive entry '" + entry.getName() + "' would be written outside "
                            + into + "; refusing to restore " + archive.getFileName(), false);
                }
                if (!paths.selects(entry.getName())) {
                    continue;
                }
                extracted.add(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    directories.add(entry);
                    directoryPaths.add(destination);
                } else if (entry.isFile()) {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination);
                    applyAttributes(entry, destination);
                } else {
                    throw new AgentException("archive entry '" + entry.getName() + "' is neither a file nor a directory;"
                            + " refusing to restore " + archive.getFileName(), false);
                }
            }
        }
        // directories last, deepest first: writing their files would change their times, and read-only ones block it
        for (int i = directories.size() - 1; i >= 0; i--) {
            applyAttributes(directories.get(i), directoryPaths.get(i));
        }
        return extracted;
    }

    private TarArchiveInputStream open(InputStream raw) throws IOException {
        return new TarArchiveInputStream(decompress(raw), StandardCharsets.UTF_8.name());
    }

    private InputStream decompress(InputStream raw) throws IOException {
        return compression.decompress(new BufferedInputStream(raw, ArchiveCompression.BUFFER_SIZE));
    }

    private static void applyAttributes(TarArchiveEntry entry, Path path) throws IOException {
        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        Files.setLastModifiedTime(path, entry.getLastModifiedTime());
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] ordered = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < ordered.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(ordered[bit]);
            }
        }
        return permissions;
    }
}
