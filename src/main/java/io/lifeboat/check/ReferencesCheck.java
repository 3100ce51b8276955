package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.COLUMN;
import static io.lifeboat.catalog.DrillCheck.FIELD;
import static io.lifeboat.catalog.DrillCheck.FIELDS;
import static io.lifeboat.catalog.DrillCheck.FILE;
import static io.lifeboat.catalog.DrillCheck.KEY;
import static io.lifeboat.catalog.DrillCheck.REFERENCED;
import static io.lifeboat.catalog.DrillCheck.TABLE;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code references}: declared references that no foreign key enforces, as ServiceNow's {@code cmdb_rel_ci.parent}
 * and {@code child} to {@code cmdb_ci.sys_id}; zero orphans passes.
 *
 * <ul>
 * <li>Between tables: {@code table}, {@code column}, {@code references} ({@code other_table.column}); an orphan is
 * named by {@code key} (a column), else the table's primary key.</li>
 * <li>Between JSON export files (a JSON array or JSON lines): {@code file}, {@code field} or {@code fields} (several
 * references of one record, as a relation's {@code [parent, child]}, each checked and named in the evidence),
 * {@code references} ({@code other-file.json:field}); a field may be {@code a.b}, inside an object; an orphan is named
 * by {@code key} (a field), else its record's number. A reference that is absent, null or empty is no reference.</li>
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
        List<String> fields = check.text(FIELD) != null ? List.of(check.text(FIELD)) : check.texts(FIELDS);
        if (fields.isEmpty() || fields.stream().anyMatch(String::isBlank)) {
            throw CheckNotRun.failed("setting '" + FIELD + "' or '" + FIELDS + "' is missing");
        }
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
        Map<String, FileOrphans> byField = new LinkedHashMap<>();
        fields.forEach(field -> byField.put(field, new FileOrphans()));
        JsonRecords.read(child.file(), (number, record) -> byField.forEach((field, orphans) -> {
            String value = JsonRecords.value(record, field);
            if (value != null) {
                orphans.see(existing.contains(value), () -> (key == null ? "record " + number
                        : key + "=" + JsonRecords.value(record, key)), field, value);
            }
        }));
        List<Verdict> verdicts = new ArrayList<>();
        byField.forEach((field, orphans) -> verdicts.add(Orphans.verdict(child.describe() + " " + field + " -> "
                + parent.path() + ":" + parentField + " (" + existing.size() + " distinct values)", field, orphans.found(),
                "record")));
        String evidence = verdicts.stream().map(Verdict::evidence).collect(Collectors.joining("; "));
        return verdicts.stream().allMatch(Verdict::passed) ? Verdict.passed(evidence) : Verdict.failed(evidence);
    }

    /** One field's references in a JSON file: how many are set, how many point at nothing, and the first of those. */
    private static final class FileOrphans {

        private long checked;
        private long orphans;
        private final List<String> first = new ArrayList<>();

        void see(boolean found, Supplier<String> name, String field, String value) {
            checked++;
            if (!found && orphans++ < Orphans.FIRST) {
                first.add(Verdict.shortened(name.get(), Orphans.SHOWN) + " -> " + field + "="
                        + Verdict.shortened(value, Orphans.SHOWN));
            }
        }

        Orphans.Found found() {
            return new Orphans.Found(checked, orphans, first);
        }
    }
}
