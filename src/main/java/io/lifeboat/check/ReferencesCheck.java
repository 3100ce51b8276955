package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.COLUMN;
import static io.lifeboat.catalog.DrillCheck.FIELD;
import static io.lifeboat.catalog.DrillCheck.FILE;
import static io.lifeboat.catalog.DrillCheck.KEY;
import static io.lifeboat.catalog.DrillCheck.REFERENCED;
import static io.lifeboat.catalog.DrillCheck.TABLE;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code references}: declared references that no foreign key enforces, as ServiceNow's {@code cmdb_rel_ci.parent}
 * and {@code child} to {@code cmdb_ci.sys_id}; zero orphans passes.
 *
 * <ul>
 * <li>Between tables: {@code table}, {@code column}, {@code references} ({@code other_table.column}); an orphan is
 * named by {@code key} (a column), else the table's primary key.</li>
 * <li>Between JSON export files: {@code file}, {@code field}, {@code references} ({@code other-file.json:field}); a
 * field may be {@code a.b}, inside an object; an orphan is named by {@code key} (a field), else its record's number.
 * A reference that is absent, null or empty is no reference.</li>
 * </ul>
 */
final class ReferencesCheck implements CheckType {

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException, IOException {
        return check.text(FILE) != null ? betweenFiles(check, restored) : betweenTables(check, restored);
    }

    private static Verdict betweenTables(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException {
        String table = CheckType.required(check, TABLE);
        String column = CheckType.required(check, COLUMN);
        String references = CheckType.required(check, REFERENCED);
        RestoredDatabase database = restored.database(check.text(DrillCheck.DATA_SOURCE));
        try (Statement statement = database.statement()) {
            String child = SqlNames.table(statement, TABLE, table);
            Orphans.Column reference = new Orphans.Column(column, SqlNames.column(statement, COLUMN, column));
            SqlNames.Column parent = SqlNames.tableAndColumn(statement, REFERENCED, references);
            String parentColumn = references.substring(references.lastIndexOf('.') + 1);
            List<Orphans.Column> key = check.text(KEY) != null
                    ? List.of(new Orphans.Column(check.text(KEY), SqlNames.column(statement, KEY, check.text(KEY))))
                    : Orphans.keyOf(database, child);
            Orphans.Found found = Orphans.find(statement, new Orphans.Reference(child, List.of(reference), parent.table(),
                    List.of(new Orphans.Column(parentColumn, parent.column()))), key);
            return Orphans.verdict(table + "." + column + " -> " + references + " in data source " + database.dataSource(),
                    column, found, "row");
        }
    }

    private static Verdict betweenFiles(DrillCheck check, RestoredSources restored) throws CheckNotRun, IOException {
        String field = CheckType.required(check, FIELD);
        String references = CheckType.required(check, REFERENCED);
        Matcher target = DrillCheck.FILE_FIELD.matcher(references);
        if (!target.matches()) {
            throw CheckNotRun.failed("references '" + references + "' is not of the form file:field");
        }
        String dataSource = check.text(DrillCheck.DATA_SOURCE);
        RestoredSources.RestoredFile parent = restored.file(target.group(1), dataSource);
        RestoredSources.RestoredFile child = restored.file(CheckType.required(check, FILE), dataSource);
        String parentField = target.group(2);
        Set<String> existing = new HashSet<>();
        JsonRecords.read(parent.file(), (number, record) -> {
            String value = JsonRecords.value(record, parentField);
            if (value != null) {
                existing.add(value);
            }
        });
        String key = check.text(KEY);
        long[] counts = new long[2];
        List<String> first = new ArrayList<>();
        JsonRecords.read(child.file(), (number, record) -> {
            String value = JsonRecords.value(record, field);
            if (value == null) {
                return;
            }
            counts[0]++;
            if (!existing.contains(value)) {
                counts[1]++;
                if (first.size() < Orphans.FIRST) {
                    String name = key == null ? "record " + number : key + "=" + JsonRecords.value(record, key);
                    first.add(Verdict.shortened(name, Orphans.SHOWN) + " -> " + field + "="
                            + Verdict.shortened(value, Orphans.SHOWN));
                }
            }
        });
        String reference = child.describe() + " " + field + " -> " + parent.path() + ":" + parentField + " ("
                + existing.size() + " distinct values)";
        return Orphans.verdict(reference, field, new Orphans.Found(counts[0], counts[1], first), "record");
    }
}
