package io.lifeboat.check;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rows of a restored table whose reference finds no row in the table it points at ({@code references} and
 * {@code foreignKeys}): a reference is checked when all its columns are set, as a foreign key's default MATCH SIMPLE
 * does, and each orphan is named by its key and the dangling value.
 */
final class Orphans {

    /** Orphan rows an auditor sees; the count says how many there are in all. */
    static final int FIRST = 20;
    /** Of one value in the evidence. */
    static final int SHOWN = 64;

    private static final String PRIMARY_KEY = "select a.attname from pg_index i"
            + " cross join unnest(i.indkey::int2[]) with ordinality k(attnum, n)"
            + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum"
            + " where i.indrelid = ?::regclass and i.indisprimary order by k.n";

    /** A column: its name as the database spells it, for the evidence, and quoted, for SQL. */
    record Column(String name, String quoted) {

        static Column of(Statement statement, String name) throws SQLException {
            return new Column(name, statement.enquoteIdentifier(name, true));
        }
    }

    /** From {@code columns} of table {@code child} to {@code parentColumns} of {@code parent}, both tables quoted. */
    record Reference(String child, List<Column> columns, String parent, List<Column> parentColumns) {
    }

    /** @param checked rows whose reference is set; {@code orphans} of them point at nothing, the {@code first} named */
    record Found(long checked, long orphans, List<String> first) {
    }

    private Orphans() {
    }

    /**
     * The columns that name a row of {@code table} (quoted) in the evidence: its primary key, else its {@code ctid}
     * (where the row is stored, which names it as long as nothing changes the table).
     */
    static List<Column> keyOf(RestoredDatabase database, String table) throws SQLException {
        List<Column> key = new ArrayList<>();
        try (PreparedStatement statement = database.prepare(PRIMARY_KEY)) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    key.add(Column.of(statement, rows.getString(1)));
                }
            }
        }
        return key.isEmpty() ? List.of(new Column("ctid", "ctid")) : key;
    }

    /** One scan counts the references and the orphans; the first orphans are read only when there are any. */
    static Found find(Statement statement, Reference reference, List<Column> key) throws SQLException {
        String set = reference.columns().stream().map(column -> "c." + column.quoted() + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        StringBuilder matches = new StringBuilder();
        for (int i = 0; i < reference.columns().size(); i++) {
            matches.append(i == 0 ? "" : " AND ").append("p.").append(reference.parentColumns().get(i).quoted())
                    .append(" = c.").append(reference.columns().get(i).quoted());
        }
        String orphan = "NOT EXISTS (SELECT 1 FROM " + reference.parent() + " p WHERE " + matches + ")";
        long checked;
        long orphans;
        try (ResultSet counts = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE " + orphan + ") FROM "
                + reference.child() + " c WHERE " + set)) {
            counts.next();
            checked = counts.getLong(1);
            orphans = counts.getLong(2);
        }
        if (orphans == 0) {
            return new Found(checked, 0, List.of());
        }
        List<Column> shown = Stream.concat(key.stream(), reference.columns().stream()).toList();
        String keyOrder = key.stream().map(column -> "c." + column.quoted()).collect(Collectors.joining(", "));
        String sql = "SELECT " + shown.stream().map(column -> "c." + column.quoted()).collect(Collectors.joining(", "))
                + " FROM " + reference.child() + " c WHERE " + set + " AND " + orphan + " ORDER BY " + keyOrder
                + " LIMIT " + FIRST;
        List<String> first = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                first.add(values(rows, key, 1) + " -> " + values(rows, reference.columns(), key.size() + 1));
            }
        }
        return new Found(checked, orphans, first);
    }

    private static String values(ResultSet rows, List<Column> columns, int from) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String value = rows.getString(from + i);
            values.add(columns.get(i).name() + "=" + (value == null ? "NULL" : Verdict.shortened(value, SHOWN)));
        }
        return String.join(" ", values);
    }

    /**
     * "3 of 10 rows with a parent reference no existing row; the first orphans: ...", or that all of them do.
     *
     * @param row what is referenced, "row" or "record"
     */
    static Verdict verdict(String reference, String column, Found found, String row) {
        if (found.orphans() == 0) {
            return Verdict.passed(reference + ": all " + found.checked() + " " + row + "s with a " + column
                    + " reference an existing " + row);
        }
        return Verdict.failed(reference + ": " + found.orphans() + " of " + found.checked() + " " + row + "s with a "
                + column + " reference no existing " + row + "; the first orphans: " + String.join(", ", found.first()));
    }
}
