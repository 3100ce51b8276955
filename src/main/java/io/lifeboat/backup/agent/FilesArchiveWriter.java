package io.lifeboat.backup.agent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.ProgressListener;

/**
 * Writes a directory as a POSIX (PAX) tar archive, so names of any length and any characters survive and GNU or BSD
 * tar extracts it. Entry names are relative to the directory. Each file is hashed while it is copied, so the
 * manifest describes exactly the bytes in the archive.
 */
final class FilesArchiveWriter {

    private static final long PROGRESS_STEP = 16L * 1024 * 1024;

    /** What was written: every file, the archive's size and SHA-256. */
    record Written(List<FilesManifest.FileEntry> files, long archiveBytes, String archiveSha256) {
    }

    private final Path sourceDir;
    private final ProgressListener progress;
    private long bytesTotal;
    private long bytesDone;
    private long lastReported;

    FilesArchiveWriter(Path sourceDir, ProgressListener progress) {
        this.sourceDir = sourceDir;
        this.progress = progress;
    }

    Written write(Path archive, ArchiveCompression compression) throws IOException, AgentException {
        List<Path> paths = collect();
        for (Path path : paths) {
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                bytesTotal += Files.size(path);
            }
        }
        MessageDigest archiveDigest = Sha256.newDigest();
        List<FilesManifest.FileEntry> files = new ArrayList<>();
        try (OutputStream file = new DigestOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(archive), ArchiveCompression.BUFFER_SIZE), archiveDigest);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compression.compress(file),
                        StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Path path : paths) {
                String name = entryName(path);
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    tar.putArchiveEntry(entry(path, name + "/"));
                    tar.closeArchiveEntry();
                } else {
                    files.add(addFile(tar, path, name));
                }
            }
            tar.finish();
        }
        progress.progress(bytesDone, bytesTotal, "archive written");
        return new Written(files, Files.size(archive), Sha256.hex(archiveDigest));
    }

    /** Every directory and regular file below the source, sorted; anything else stops the backup, named. */
    private List<Path> collect() throws IOException, AgentException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            paths = walk.filter(p -> !p.equals(sourceDir)).sorted(Comparator.comparing(this::entryName)).toList();
        }
        for (Path path : paths) {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                // a symbolic link or device could point outside the source; silently dropping it would lose data
                throw new AgentException(path + " is not a regular file or directory; the files agent backs up only those",
                        false);
            }
        }
        return paths;
    }

    /**
     * An entry with the file's attributes but no creation time: commons-compress would write it as a
     * {@code LIBARCHIVE.creationtime} PAX header, which GNU tar warns about on every file of a restore.
     */
    private static TarArchiveEntry entry(Path path, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path, name, LinkOption.NOFOLLOW_LINKS);
        entry.setCreationTime(null);
        return entry;
    }

    private FilesManifest.FileEntry addFile(TarArchiveOutputStream tar, Path path, String name) throws IOException {
        TarArchiveEntry entry = entry(path, name);
        long size = entry.getSize();
        MessageDigest digest = Sha256.newDigest();
        tar.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[ArchiveCompression.BUFFER_SIZE];
            long remaining = size;
            // copy exactly the size in the header: a file growing meanwhile is cut there, like tar does
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw new IOException(path + " shrank while it was being archived");
                }
                tar.write(buffer, 0, read);
                digest.update(buffer, 0, read);
                remaining -= read;
                reportProgress(read, name);
            }
        }
        tar.closeArchiveEntry();
        return new FilesManifest.FileEntry(name, size, Sha256.hex(digest));
    }

    private void reportProgress(int read, String name) {
        bytesDone += read;
        if (bytesDone - lastReported >= PROGRESS_STEP) {
            lastReported = bytesDone;
            progress.progress(bytesDone, bytesTotal, "archiving " + name);
        }
    }

    private String entryName(Path path) {
        StringBuilder name = new StringBuilder();
        for (Path part : sourceDir.relativize(path)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }
}
