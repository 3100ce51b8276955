package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.lifeboat.agent.spi.SnapshotEntry;

/**
 * What the files agent wrote for one backup, stored beside the archive as {@code <backupId>.manifest.json}. It is
 * written last, so its presence means the archive is complete; it lets anyone check the archive with
 * {@code sha256sum} even when Lifeboat is down.
 *
 * @param createdAt ISO-8601 instant
 * @param files     every regular file, path relative to the source directory with {@code /} separators
 */
record FilesManifest(String serviceId, String dataSource, String backupId, String createdAt, String compression,
                     Archive archive, List<FileEntry> files) {

    record Archive(String name, long bytes, String sha256) {
    }

    record FileEntry(String path, long size, String sha256) {

        SnapshotEntry entry() {
            return new SnapshotEntry(path, size, sha256, SnapshotEntry.FILE);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static FilesManifest read(Path file) throws IOException {
        FilesManifest manifest = JSON.readValue(file.toFile(), FilesManifest.class);
        if (manifest.backupId() == null || manifest.compression() == null || manifest.archive() == null
                || manifest.archive().name() == null || manifest.archive().sha256() == null || manifest.files() == null) {
            throw new IOException("manifest " + file + " lacks backupId, compression, archive or files");
        }
        return manifest;
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
