package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.SCHEMA;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code foreignKeys {schema?}}: the orphans of every foreign key the restored schema declares ({@code pg_constraint},
 * multi-column keys included), for data restored without its constraints being validated: loaded with triggers
 * disabled, or with {@code NOT VALID} constraints. Without {@code schema}, every schema but the system ones. A schema
 * without foreign keys fails: a check that checks nothing must not pass.
 */
final class ForeignKeysCheck implements CheckType {

    /**
     * Each foreign key once: a partition's copy of its partitioned table's key ({@code conparentid}) is checked through
     * that table. Columns in the key's order.
     */
    private static final String FOREIGN_KEYS = """
            select c.conname, cn.nspname, cl.relname, pn.nspname, pl.relname,
              array(select a.attname from unnest(c.conkey) with ordinality k(attnum, n)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n),
              array(select a.attname from unnest(c.confkey) with ordinality k(attnum, n)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n)
            from pg_constraint c
              join pg_class cl on cl.oid = c.conrelid join pg_namespace cn on cn.oid = cl.relnamespace
              join pg_class pl on pl.oid = c.confrelid join pg_namespace pn on pn.oid = pl.relnamespace
            where c.contype = 'f' and c.conparentid = 0
              and (cn.nspname = ?::text or ?::text is null and cn.nspname not in ('pg_catalog', 'information_schema')
                   and cn.nspname not like 'pg\\_toast%' and cn.nspname not like 'pg\\_temp%')
            order by cn.nspname, cl.relname, c.conname""";

    private record ForeignKey(String name, String schema, String table, List<String> columns, String parentSchema,
                              String parentTable, List<String> parentColumns) {

        String describe() {
            return name + " (" + schema + "." + table + "." + list(columns) + " -> " + parentSchema + "." + parentTable
                    + "." + list(parentColumns) + ")";
        }

        private static String list(List<String> columns) {
            return columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
        }
    }

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException {
        String schema = check.text(SCHEMA);
        RestoredDatabase database = restored.database(check.text(DrillCheck.DATA_SOURCE));
        List<ForeignKey> keys = foreignKeys(database, schema);
        String where = (schema == null ? "the non-system schemas" : "schema " + schema) + " of data source "
                + database.dataSource();
        if (keys.isEmpty()) {
            return Verdict.failed("no foreign keys in " + where + ", so there is nothing to check: name the references"
                    + " with references checks instead");
        }
        List<String> perKey = new ArrayList<>();
        List<String> first = new ArrayList<>();
        long orphans = 0;
        long checked = 0;
        try (Statement statement = database.statement()) {
            for (ForeignKey key : keys) {
                String child = quoted(statement, key.schema(), key.table());
                Orphans.Found found = Orphans.find(statement, new Orphans.Reference(child, columns(statement, key.columns()),
                        quoted(statement, key.parentSchema(), key.parentTable()), columns(statement, key.parentColumns())),
                        Orphans.keyOf(database, child));
                checked += found.checked();
                orphans += found.orphans();
                perKey.add(key.describe() + ": " + found.orphans() + " orphans of " + found.checked());
                for (String row : found.first()) {
                    if (first.size() < Orphans.FIRST) {
                        first.add(key.name() + " " + row);
                    }
                }
            }
        }
        String counted = keys.size() + " foreign keys in " + where + ", " + checked + " references: "
                + String.join("; ", perKey);
        if (orphans == 0) {
            return Verdict.passed(counted);
        }
        return Verdict.failed(orphans + " orphans in " + counted + "; the first orphans: " + String.join(", ", first));
    }

    private static List<ForeignKey> foreignKeys(RestoredDatabase database, String schema) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = database.prepare(FOREIGN_KEYS)) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(new ForeignKey(rows.getString(1), rows.getString(2), rows.getString(3), names(rows.getArray(6)),
                            rows.getString(4), rows.getString(5), names(rows.getArray(7))));
                }
            }
        }
        return keys;
    }

    private static List<String> names(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    /** As the catalog spells them, quoted. */
    private static String quoted(Statement statement, String schema, String table) throws SQLException {
        return statement.enquoteIdentifier(schema, true) + "." + statement.enquoteIdentifier(table, true);
    }

    private static List<Orphans.Column> columns(Statement statement, List<String> names) throws SQLException {
        List<Orphans.Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(Orphans.Column.of(statement, name));
        }
        return columns;
    }
}
