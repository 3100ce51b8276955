package io.lifeboat.check;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.lifeboat.catalog.DrillCheck;

/**
 * Table and column names of a check, written into SQL only after each part was found to be a plain name
 * ({@link DrillCheck#SQL_NAME_PART}) and then quoted, so no catalog value can change what a query does.
 */
final class SqlNames {

    /** A column of a table, both quoted. */
    record Column(String table, String column) {
    }

    private SqlNames() {
    }

    /** {@code table} or {@code schema.table}, quoted. */
    static String table(Statement statement, String setting, String name) throws CheckNotRun, SQLException {
        return String.join(".", quoted(statement, setting, name, 1, 2, "table or schema.table"));
    }

    static String column(Statement statement, String setting, String name) throws CheckNotRun, SQLException {
        return quoted(statement, setting, name, 1, 1, "column").get(0);
    }

    /** {@code table.column} or {@code schema.table.column}: the table and the column, quoted. */
    static Column tableAndColumn(Statement statement, String setting, String name) throws CheckNotRun, SQLException {
        List<String> parts = quoted(statement, setting, name, 2, 3, "table.column or schema.table.column");
        return new Column(String.join(".", parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1));
    }

    private static List<String> quoted(Statement statement, String setting, String name, int minParts, int maxParts,
                                       String form) throws CheckNotRun, SQLException {
        String[] parts = name.split("\\.", -1);
        if (parts.length < minParts || parts.length > maxParts
                || !Arrays.stream(parts).allMatch(part -> DrillCheck.SQL_NAME_PART.matcher(part).matches())) {
            throw refused(setting, name, form);
        }
        List<String> quoted = new ArrayList<>();
        for (String part : parts) {
            quoted.add(statement.enquoteIdentifier(part, true));
        }
        return quoted;
    }

    private static CheckNotRun refused(String setting, String name, String form) {
        return CheckNotRun.failed(setting + " '" + name + "' refused: not a name of the form " + form
                + " made of letters, digits and _");
    }
}
