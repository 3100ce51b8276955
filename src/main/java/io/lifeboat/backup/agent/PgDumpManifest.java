package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What the pgdump agent wrote for one backup, stored as {@value #FILE_NAME} beside the dump. It is written last, so its
 * presence means the backup is complete; it lets anyone check the files with {@code sha256sum} when Lifeboat is down.
 *
 * @param createdAt ISO-8601 instant
 * @param tables    the user tables the dump holds, from {@value #ROW_COUNTS}
 */
record PgDumpManifest(String serviceId, String dataSource, String backupId, String createdAt, String snapshot,
                      int tables, List<FileEntry> files) {

    static final String FILE_NAME = "manifest.json";
    static final String DUMP = "database.dump";
    static final String GLOBALS = "globals.sql";
    static final String ROW_COUNTS = "row-counts.json";

    record FileEntry(String name, long bytes, String sha256) {
    }

    /** The exact row count of one table, counted in the snapshot pg_dump dumped. */
    record TableRows(String schema, String table, long rows) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static PgDumpManifest read(Path file) throws IOException {
        PgDumpManifest manifest = JSON.readValue(file.toFile(), PgDumpManifest.class);
        if (manifest.backupId() == null || manifest.files() == null || manifest.file(DUMP) == null) {
            throw new IOException("manifest " + file + " lacks backupId or the entry for " + DUMP);
        }
        return manifest;
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    FileEntry file(String name) {
        return files.stream().filter(f -> name.equals(f.name())).findFirst().orElse(null);
    }

    static List<TableRows> readRowCounts(Path file) throws IOException {
        return List.of(JSON.readValue(file.toFile(), TableRows[].class));
    }

    static void writeRowCounts(Path file, List<TableRows> rows) throws IOException {
        JSON.writeValue(file.toFile(), rows);
    }
}
