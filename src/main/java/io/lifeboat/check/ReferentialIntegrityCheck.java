package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.COLUMN;
import static io.lifeboat.catalog.DrillCheck.REFERENCES;
import static io.lifeboat.catalog.DrillCheck.TABLE;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code referentialIntegrity {table, column, references}}: every value of {@code table.column} that is set is a
 * value of {@code references} ({@code other_table.column}); the evidence names the first orphan values.
 */
final class ReferentialIntegrityCheck implements CheckType {

    private static final int FIRST_ORPHANS = 20;
    /** Of one orphan value in the evidence. */
    private static final int SHOWN = 64;

    @Override
    public String derivedName(DrillCheck check) {
        return DrillCheck.REFERENTIAL_INTEGRITY + " " + check.text(TABLE) + "." + check.text(COLUMN) + " -> "
                + check.text(REFERENCES);
    }

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException {
        String table = CheckType.required(check, TABLE);
        String column = CheckType.required(check, COLUMN);
        String references = CheckType.required(check, REFERENCES);
        RestoredDatabase database = restored.database(check.text(DrillCheck.DATA_SOURCE));
        try (Statement statement = database.statement()) {
            String child = SqlNames.table(statement, TABLE, table);
            String key = SqlNames.column(statement, COLUMN, column);
            SqlNames.Column parent = SqlNames.tableAndColumn(statement, REFERENCES, references);
            String orphans = " FROM " + child + " c WHERE c." + key + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    + parent.table() + " p WHERE p." + parent.column() + " = c." + key + ")";
            String reference = table + "." + column + " -> " + references + " in data source " + database.dataSource();
            long orphanRows = count(statement, "SELECT count(*)" + orphans);
            if (orphanRows == 0) {
                long checked = count(statement, "SELECT count(*) FROM " + child + " WHERE " + key + " IS NOT NULL");
                return Verdict.passed(reference + ": all " + checked + " rows with a " + column + " reference an existing row");
            }
            return Verdict.failed(reference + ": " + orphanRows + " rows reference no existing row; the first orphan values: "
                    + String.join(", ", firstValues(statement, "SELECT DISTINCT c." + key + orphans + " ORDER BY 1")));
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> firstValues(Statement statement, String sql) throws SQLException {
        statement.setMaxRows(FIRST_ORPHANS);
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String value = rows.getString(1);
                values.add(Verdict.shortened(value, SHOWN));
            }
        }
        return values;
    }
}
