package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.EXPECTED;
import static io.lifeboat.catalog.DrillCheck.QUERY;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code sql {query, expected}}: the first column of the query's first row, as text, equals {@code expected}. Booleans
 * read as {@code true}/{@code false}; NULL equals nothing.
 */
final class SqlCheck implements CheckType {

    /** Of the value found, in the evidence. */
    private static final int SHOWN = 200;

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException {
        String query = CheckType.required(check, QUERY);
        String expected = CheckType.required(check, EXPECTED);
        RestoredDatabase database = restored.database(check.text(DrillCheck.DATA_SOURCE));
        String ran = "'" + query + "' in data source " + database.dataSource();
        try (Statement statement = database.statement()) {
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery(query)) {
                if (!rows.next()) {
                    return Verdict.failed(ran + " returned no row, '" + expected + "' expected");
                }
                String actual = text(rows);
                if (actual == null) {
                    return Verdict.failed(ran + " returned NULL, '" + expected + "' expected");
                }
                String found = ran + " returned '" + Verdict.shortened(actual, SHOWN) + "', '" + expected + "' expected";
                return actual.equals(expected) ? Verdict.passed(found) : Verdict.failed(found);
            }
        }
    }

    private static String text(ResultSet rows) throws SQLException {
        int type = rows.getMetaData().getColumnType(1);
        if (type == Types.BOOLEAN || type == Types.BIT) {
            boolean value = rows.getBoolean(1);
            return rows.wasNull() ? null : String.valueOf(value);
        }
        return rows.getString(1);
    }
}
