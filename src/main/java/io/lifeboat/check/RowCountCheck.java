package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.EXPECTED;
import static io.lifeboat.catalog.DrillCheck.FILE;
import static io.lifeboat.catalog.DrillCheck.TABLE;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.catalog.DrillCheck;

/**
 * {@code rowCount {file, expected}}: the data lines of a restored CSV or JSON-lines file (a {@code .csv} file's header
 * line not counted, {@link DataLines}); {@code rowCount {table, expected?}}: the rows of a restored table, against
 * {@code expected} or, without it, the count the backup recorded of that table when it was made (pgdump). No backup
 * records line counts of files, so a file needs {@code expected}.
 */
final class RowCountCheck implements CheckType {

    /** The table's schema and name as the database spells them, which is how backups record their counts. */
    private static final String SCHEMA_AND_NAME = "select n.nspname || '.' || c.relname from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace where c.oid = ?::regclass";

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored)
            throws CheckNotRun, SQLException, IOException, AgentException {
        String dataSource = check.text(DrillCheck.DATA_SOURCE);
        if (check.text(FILE) != null) {
            long expected = expected(check);
            String path = check.text(FILE);
            RestoredSources.RestoredFile file = restored.file(path, dataSource);
            boolean csv = DataLines.hasHeader(path);
            long lines = DataLines.count(file.file(), csv);
            return verdict(file.describe() + " has " + lines + (lines == 1 ? " data line" : " data lines")
                    + (csv ? " (its header line not counted)" : ""), lines, expected + " expected", expected);
        }
        String table = CheckType.required(check, TABLE);
        RestoredDatabase database = restored.database(dataSource);
        try (Statement statement = database.statement()) {
            String quoted = SqlNames.table(statement, TABLE, table);
            long rows = count(statement, quoted);
            String found = "table " + table + " in data source " + database.dataSource() + " has " + rows
                    + (rows == 1 ? " row" : " rows");
            if (check.text(EXPECTED) != null) {
                long expected = expected(check);
                return verdict(found, rows, expected + " expected", expected);
            }
            String recordedAs = schemaAndName(database, quoted);
            long recorded = recorded(database.source(), recordedAs);
            return verdict(found, rows, recorded + " recorded of " + recordedAs + " by backup "
                    + database.source().snapshot().snapshotId() + " when it was made", recorded);
        }
    }

    private static long count(Statement statement, String quotedTable) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quotedTable)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String schemaAndName(RestoredDatabase database, String quotedTable) throws SQLException {
        try (PreparedStatement statement = database.prepare(SCHEMA_AND_NAME)) {
            statement.setString(1, quotedTable);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static long recorded(RestoredSource source, String table) throws CheckNotRun, AgentException {
        Optional<Map<String, Long>> counts = source.agent().recordedRowCounts(source.source(), source.snapshot());
        if (counts.isEmpty()) {
            throw CheckNotRun.failed("the " + source.agent().name() + " agent records no row counts when it backs up, so"
                    + " there is nothing to compare table " + table + " with: give the check an expected count");
        }
        Long rows = counts.get().get(table);
        if (rows == null) {
            throw CheckNotRun.failed("backup " + source.snapshot().snapshotId() + " of data source " + source.dataSource()
                    + " recorded no row count of " + table + " (it counted " + counts.get().size() + " tables): the table"
                    + " is new since, or give the check an expected count");
        }
        return rows;
    }

    private static long expected(DrillCheck check) throws CheckNotRun {
        String text = CheckType.required(check, EXPECTED);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw CheckNotRun.failed("setting 'expected' is not a whole number: '" + text + "'");
        }
    }

    /** @param comparedWith what {@code expected} is, for the evidence: "200 expected", "200 recorded of ... by backup" */
    private static Verdict verdict(String found, long count, String comparedWith, long expected) {
        if (count == expected) {
            return Verdict.passed(found + ", " + comparedWith);
        }
        return Verdict.failed(found + ", " + comparedWith + ": " + Math.abs(expected - count)
                + (count < expected ? " missing" : " too many"));
    }
}
