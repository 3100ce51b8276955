package io.lifeboat.catalog;

import static io.lifeboat.catalog.DrillCheck.AMCHECK;
import static io.lifeboat.catalog.DrillCheck.COLUMN;
import static io.lifeboat.catalog.DrillCheck.COLUMNS;
import static io.lifeboat.catalog.DrillCheck.DATA_SOURCE;
import static io.lifeboat.catalog.DrillCheck.EXPECTED;
import static io.lifeboat.catalog.DrillCheck.FIELD;
import static io.lifeboat.catalog.DrillCheck.FIELDS;
import static io.lifeboat.catalog.DrillCheck.FILE;
import static io.lifeboat.catalog.DrillCheck.FILE_CHECKSUM;
import static io.lifeboat.catalog.DrillCheck.FOREIGN_KEYS;
import static io.lifeboat.catalog.DrillCheck.HEAP_ALL_INDEXED;
import static io.lifeboat.catalog.DrillCheck.KEY;
import static io.lifeboat.catalog.DrillCheck.LANGUAGE;
import static io.lifeboat.catalog.DrillCheck.MIN_MATCHES;
import static io.lifeboat.catalog.DrillCheck.NAME;
import static io.lifeboat.catalog.DrillCheck.PATH;
import static io.lifeboat.catalog.DrillCheck.QUERY;
import static io.lifeboat.catalog.DrillCheck.REFERENCED;
import static io.lifeboat.catalog.DrillCheck.REFERENCES;
import static io.lifeboat.catalog.DrillCheck.ROW_COUNT;
import static io.lifeboat.catalog.DrillCheck.SCHEMA;
import static io.lifeboat.catalog.DrillCheck.SCRIPT;
import static io.lifeboat.catalog.DrillCheck.SCRIPT_FILE;
import static io.lifeboat.catalog.DrillCheck.SEARCH;
import static io.lifeboat.catalog.DrillCheck.SQL;
import static io.lifeboat.catalog.DrillCheck.TABLE;
import static io.lifeboat.catalog.DrillCheck.TERM;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one {@code drillChecks} entry: its name, its type, and the settings that type takes, so a check that could
 * never run (a checksum without a path, a count of nothing, a script that is not there) is refused when the catalog
 * loads, not found out during a restore.
 */
final class DrillCheckReader {

    private static final String TYPE = "type";
    private static final String TABLE_FORM = "table or schema.table";
    /** Per type its own settings; references, rowCount and search take one of two forms, told apart by their settings. */
    private static final Map<String, List<String>> SETTINGS = Map.of(
            FILE_CHECKSUM, List.of(PATH),
            ROW_COUNT, List.of(FILE, TABLE, EXPECTED),
            SQL, List.of(QUERY, EXPECTED),
            REFERENCES, List.of(TABLE, COLUMN, FILE, FIELD, FIELDS, REFERENCED, KEY),
            FOREIGN_KEYS, List.of(SCHEMA),
            AMCHECK, List.of(HEAP_ALL_INDEXED),
            SEARCH, List.of(TERM, PATH, TABLE, COLUMN, COLUMNS, LANGUAGE, MIN_MATCHES),
            SCRIPT, List.of(SCRIPT_FILE));

    private final Set<String> dataSources;
    private final Path runbooksDir;

    /**
     * @param dataSources the names of the service's data sources, which {@code dataSource} must be one of
     * @param runbooksDir where a script check's {@code script} must be
     */
    DrillCheckReader(Set<String> dataSources, Path runbooksDir) {
        this.dataSources = dataSources;
        this.runbooksDir = runbooksDir;
    }

    DrillCheck read(YamlMapping check) {
        String type = check.text(TYPE, true);
        String name = check.text(NAME, true);
        if (name != null && name.isBlank()) {
            check.problem(NAME, "must not be empty");
        }
        if (type != null && !DrillCheck.TYPES.contains(type)) {
            check.problem(TYPE, "unknown drill check type '" + type + "'; expected one of " + String.join(", ", DrillCheck.TYPES));
        } else if (type != null) {
            // a script reads every restored data source, so it has no dataSource to pick one
            List<String> fields = new ArrayList<>(type.equals(SCRIPT) ? List.of(TYPE, NAME) : List.of(TYPE, NAME, DATA_SOURCE));
            fields.addAll(SETTINGS.get(type));
            check.reportUnknownFields(fields);
            settings(check, type);
            dataSource(check);
        }
        return new DrillCheck(type, check.entriesExcept(TYPE));
    }

    private void settings(YamlMapping check, String type) {
        switch (type) {
            case FILE_CHECKSUM -> nonEmptyText(check, PATH);
            case ROW_COUNT -> rowCount(check);
            case SQL -> {
                nonEmptyText(check, QUERY);
                check.text(EXPECTED, true);
            }
            case REFERENCES -> references(check);
            case FOREIGN_KEYS -> sqlName(check, SCHEMA, false, 1, "schema");
            case AMCHECK -> check.bool(HEAP_ALL_INDEXED);
            case SEARCH -> search(check);
            case SCRIPT -> ServiceFileReader.runbooksFile(check, SCRIPT_FILE, true, runbooksDir);
            default -> throw new IllegalArgumentException("no settings known for drill check type " + type);
        }
    }

    private static void rowCount(YamlMapping check) {
        boolean oneForm = oneOf(check, FILE, "data lines of a restored file", TABLE, "rows of a restored table");
        if (oneForm && check.has(FILE)) {
            nonEmptyText(check, FILE);
            if (!check.has(EXPECTED)) {
                check.problem(EXPECTED, "required for a file: backups record no line counts of files, only of tables"
                        + " (pgdump)");
            }
        } else if (oneForm) {
            sqlName(check, TABLE, 2, TABLE_FORM);
        }
        Integer expected = check.integer(EXPECTED, false);
        if (expected != null && expected < 0) {
            check.problem(EXPECTED, "must be 0 or more, not " + expected);
        }
    }

    private static void references(YamlMapping check) {
        if (!oneOf(check, TABLE, "a reference between tables", FILE, "a reference between JSON files")) {
            check.text(REFERENCED, true);
            return;
        }
        String references = check.text(REFERENCED, true);
        if (check.has(TABLE)) {
            sqlName(check, TABLE, 2, TABLE_FORM);
            sqlName(check, COLUMN, 1, "column");
            sqlName(check, KEY, false, 1, "column");
            notTaken(check, FIELD, "is for JSON files; a table's reference is a column");
            notTaken(check, FIELDS, "is for JSON files; a table's reference is a column");
            if (references != null && !references.contains(".")) {
                check.problem(REFERENCED, "'" + references + "' must name the referenced table and its column, e.g."
                        + " cmdb_ci.sys_id");
            } else {
                sqlName(check, REFERENCED, 3, "table.column or schema.table.column");
            }
        } else {
            nonEmptyText(check, FILE);
            fields(check);
            nonEmptyText(check, KEY, false);
            notTaken(check, COLUMN, "is for tables; a JSON file's reference is a field");
            if (references != null && !DrillCheck.FILE_FIELD.matcher(references).matches()) {
                check.problem(REFERENCED, "'" + references + "' must name the referenced file and its field as"
                        + " file:field, e.g. cmdb_ci.json:sys_id");
            }
        }
    }

    /** A JSON file's reference: one {@code field}, or {@code fields}, a list of them (e.g. [parent, child]). */
    private static void fields(YamlMapping check) {
        if (check.has(FIELD) && check.has(FIELDS)) {
            check.problem(FIELD, "give either field (the reference) or fields (a list of them), not both");
        } else if (!check.has(FIELDS)) {
            nonEmptyText(check, FIELD);
        } else {
            List<String> fields = check.texts(FIELDS, true);
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i) != null && fields.get(i).isBlank()) {
                    check.problem(FIELDS + "[" + i + "]", "must not be empty");
                }
            }
        }
    }

    private static void search(YamlMapping check) {
        nonEmptyText(check, TERM);
        Integer minMatches = check.integer(MIN_MATCHES, false);
        if (minMatches != null && minMatches < 1) {
            check.problem(MIN_MATCHES, "must be 1 or more, not " + minMatches);
        }
        if (!oneOf(check, PATH, "in restored files", TABLE, "by full-text search in a restored table")) {
            return;
        }
        if (check.has(PATH)) {
            nonEmptyText(check, PATH);
            for (String sqlOnly : List.of(COLUMN, COLUMNS, LANGUAGE)) {
                notTaken(check, sqlOnly, "is for a full-text search in a table; files are searched as text");
            }
            return;
        }
        sqlName(check, TABLE, 2, TABLE_FORM);
        nonEmptyText(check, LANGUAGE, false);
        if (check.has(COLUMN) == check.has(COLUMNS)) {
            check.problem(COLUMN, "give either column or columns (the text searched), not "
                    + (check.has(COLUMN) ? "both" : "neither"));
        } else if (check.has(COLUMN)) {
            sqlName(check, COLUMN, 1, "column");
        } else {
            List<String> columns = check.texts(COLUMNS, true);
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i);
                if (column != null && !DrillCheck.SQL_NAME_PART.matcher(column).matches()) {
                    check.problem(COLUMNS + "[" + i + "]", notAName(column, "column"));
                }
            }
        }
    }

    /** Exactly one of two settings that pick a check's form; reports and returns false otherwise. */
    private static boolean oneOf(YamlMapping check, String first, String firstMeans, String second, String secondMeans) {
        if (check.has(first) != check.has(second)) {
            return true;
        }
        check.problem(first, "give either " + first + " (" + firstMeans + ") or " + second + " (" + secondMeans + "), not "
                + (check.has(first) ? "both" : "neither"));
        return false;
    }

    private static void notTaken(YamlMapping check, String field, String why) {
        if (check.has(field)) {
            check.problem(field, why);
        }
    }

    private static void nonEmptyText(YamlMapping check, String field) {
        nonEmptyText(check, field, true);
    }

    private static void nonEmptyText(YamlMapping check, String field, boolean required) {
        String text = check.text(field, required);
        if (text != null && text.isBlank()) {
            check.problem(field, "must not be empty");
        }
    }

    /** A required name of at most {@code parts} dot-separated parts, each a {@link DrillCheck#SQL_NAME_PART}. */
    private static void sqlName(YamlMapping check, String field, int parts, String form) {
        sqlName(check, field, true, parts, form);
    }

    private static void sqlName(YamlMapping check, String field, boolean required, int parts, String form) {
        String name = check.text(field, required);
        if (name == null) {
            return;
        }
        String[] split = name.split("\\.", -1);
        if (split.length > parts || !Arrays.stream(split).allMatch(part -> DrillCheck.SQL_NAME_PART.matcher(part).matches())) {
            check.problem(field, notAName(name, form));
        }
    }

    private static String notAName(String name, String form) {
        return "'" + name + "' is not a name of the form " + form + ", each part letters, digits and _, starting with a"
                + " letter or _, at most 63 long";
    }

    private void dataSource(YamlMapping check) {
        String name = check.text(DATA_SOURCE, false);
        if (name != null && !dataSources.contains(name)) {
            check.problem(DATA_SOURCE, "'" + name + "' is not a data source of this service; its data sources: "
                    + BackupPolicyReader.namesOrNone(dataSources));
        }
    }
}
