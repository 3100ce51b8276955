package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What the servicenow agent exported for one backup, {@code <backupId>.manifest.json} beside the directory of its
 * {@code <table>.jsonl} files. Written last, so its presence means every file is complete; {@code sha256sum} and
 * {@code wc -l} check the files against it without Lifeboat.
 *
 * @param instance  the instance's URL
 * @param startedAt ISO-8601 instant the export began (this host's clock)
 */
record ServiceNowExportManifest(String serviceId, String dataSource, String backupId, String instance, String startedAt,
                                String finishedAt, List<Table> tables) {

    /**
     * One exported table.
     *
     * @param file          {@code <table>.jsonl}, one row per line sorted by sys_id
     * @param count         its rows (lines)
     * @param highWaterMark the newest {@code sys_updated_on} exported, as the instance writes it (UTC); null for none
     * @param catchUpFrom   the table's newest {@code sys_updated_on} when the export began, from which it re-read the rows
     *                      changed meanwhile ({@link ServiceNowTableExport}); null when the table was empty then
     * @param filter        the encoded query the rows were selected by, empty for all
     */
    record Table(String table, String file, long count, long bytes, String sha256, String highWaterMark,
                 String catchUpFrom, String filter) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static ServiceNowExportManifest read(Path file) throws IOException {
        ServiceNowExportManifest manifest = JSON.readValue(file.toFile(), ServiceNowExportManifest.class);
        if (manifest.backupId() == null || manifest.tables() == null || manifest.tables().stream()
                .anyMatch(table -> table.table() == null || table.file() == null || table.sha256() == null)) {
            throw new IOException("manifest " + file + " lacks backupId or tables with their file and SHA-256");
        }
        return manifest;
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    long bytes() {
        return tables.stream().mapToLong(Table::bytes).sum();
    }
}
