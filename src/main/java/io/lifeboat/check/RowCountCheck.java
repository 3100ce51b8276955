package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.EXPECTED;
import static io.lifeboat.catalog.DrillCheck.FILE;
import static io.lifeboat.catalog.DrillCheck.TABLE;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code rowCount {file, expected}}: the data lines of a restored CSV or JSON-lines file (a {@code .csv} file's header
 * line not counted, {@link DataLines}); {@code rowCount {table, expected}}: the rows of a restored table.
 */
final class RowCountCheck implements CheckType {


    @Override
    public String derivedName(DrillCheck check) {
        return DrillCheck.ROW_COUNT + " " + (check.text(FILE) != null ? check.text(FILE) : check.text(TABLE));
    }

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException, IOException {
        long expected = expected(check);
        String dataSource = check.text(DrillCheck.DATA_SOURCE);
        if (check.text(FILE) != null) {
            String path = check.text(FILE);
            RestoredSources.RestoredFile file = restored.file(path, dataSource);
            boolean csv = DataLines.hasHeader(path);
            long lines = DataLines.count(file.file(), csv);
            return verdict(file.describe() + " has " + lines + (lines == 1 ? " data line" : " data lines")
                    + (csv ? " (its header line not counted)" : ""), lines, expected);
        }
        String table = CheckType.required(check, TABLE);
        RestoredDatabase database = restored.database(dataSource);
        try (Statement statement = database.statement()) {
            String sql = "SELECT count(*) FROM " + SqlNames.table(statement, TABLE, table);
            try (ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return verdict("table " + table + " in data source " + database.dataSource() + " has " + rows.getLong(1)
                        + (rows.getLong(1) == 1 ? " row" : " rows"), rows.getLong(1), expected);
            }
        }
    }

    private static long expected(DrillCheck check) throws CheckNotRun {
        String text = CheckType.required(check, EXPECTED);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw CheckNotRun.failed("setting 'expected' is not a whole number: '" + text + "'");
        }
    }

    private static Verdict verdict(String found, long count, long expected) {
        if (count == expected) {
            return Verdict.passed(found + ", " + expected + " expected");
        }
        return Verdict.failed(found + ", " + expected + " expected: " + Math.abs(expected - count)
                + (count < expected ? " missing" : " too many"));
    }
}
