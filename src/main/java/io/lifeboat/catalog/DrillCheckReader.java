package io.lifeboat.catalog;

import static io.lifeboat.catalog.DrillCheck.COLUMN;
import static io.lifeboat.catalog.DrillCheck.DATA_SOURCE;
import static io.lifeboat.catalog.DrillCheck.EXPECTED;
import static io.lifeboat.catalog.DrillCheck.FILE;
import static io.lifeboat.catalog.DrillCheck.FILE_CHECKSUM;
import static io.lifeboat.catalog.DrillCheck.NAME;
import static io.lifeboat.catalog.DrillCheck.PATH;
import static io.lifeboat.catalog.DrillCheck.QUERY;
import static io.lifeboat.catalog.DrillCheck.REFERENCES;
import static io.lifeboat.catalog.DrillCheck.REFERENTIAL_INTEGRITY;
import static io.lifeboat.catalog.DrillCheck.ROW_COUNT;
import static io.lifeboat.catalog.DrillCheck.SQL;
import static io.lifeboat.catalog.DrillCheck.TABLE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one {@code drillChecks} entry: its type, and the settings that type takes, so a check that could never run
 * (a checksum without a path, a count of nothing) is refused when the catalog loads, not found out during a restore.
 */
final class DrillCheckReader {

    private static final String TYPE = "type";
    /** Per type its own settings, the required ones first; rowCount takes one of file and table. */
    private static final Map<String, List<String>> SETTINGS = Map.of(
            FILE_CHECKSUM, List.of(PATH),
            ROW_COUNT, List.of(EXPECTED, FILE, TABLE),
            SQL, List.of(QUERY, EXPECTED),
            REFERENTIAL_INTEGRITY, List.of(TABLE, COLUMN, REFERENCES));

    private DrillCheckReader() {
    }

    /** @param dataSources the names of the service's data sources, which {@code dataSource} must be one of */
    static DrillCheck read(YamlMapping check, Set<String> dataSources) {
        String type = check.text(TYPE, true);
        if (type != null && !DrillCheck.TYPES.contains(type)) {
            check.problem(TYPE, "unknown drill check type '" + type + "'; expected one of " + String.join(", ", DrillCheck.TYPES));
        } else if (type != null) {
            List<String> fields = new ArrayList<>(List.of(TYPE, NAME, DATA_SOURCE));
            fields.addAll(SETTINGS.get(type));
            check.reportUnknownFields(fields);
            settings(check, type);
            check.text(NAME, false);
            dataSource(check, dataSources);
        }
        return new DrillCheck(type, check.entriesExcept(TYPE));
    }

    private static void settings(YamlMapping check, String type) {
        switch (type) {
            case FILE_CHECKSUM -> nonEmptyText(check, PATH);
            case ROW_COUNT -> {
                if (check.has(FILE) == check.has(TABLE)) {
                    check.problem(FILE, "give either file (data lines of a restored file) or table (rows of a restored"
                            + " table), not " + (check.has(FILE) ? "both" : "neither"));
                } else if (check.has(FILE)) {
                    nonEmptyText(check, FILE);
                } else {
                    sqlName(check, TABLE, 2, "table or schema.table");
                }
                Integer expected = check.integer(EXPECTED, true);
                if (expected != null && expected < 0) {
                    check.problem(EXPECTED, "must be 0 or more, not " + expected);
                }
            }
            case SQL -> {
                nonEmptyText(check, QUERY);
                check.text(EXPECTED, true);
            }
            case REFERENTIAL_INTEGRITY -> {
                sqlName(check, TABLE, 2, "table or schema.table");
                sqlName(check, COLUMN, 1, "column");
                String references = check.text(REFERENCES, true);
                if (references != null && !references.contains(".")) {
                    check.problem(REFERENCES, "'" + references + "' must name the referenced table and its column, e.g."
                            + " customers.id");
                } else {
                    sqlName(check, REFERENCES, 3, "table.column or schema.table.column");
                }
            }
            default -> throw new IllegalArgumentException("no settings known for drill check type " + type);
        }
    }

    private static void nonEmptyText(YamlMapping check, String field) {
        String text = check.text(field, true);
        if (text != null && text.isBlank()) {
            check.problem(field, "must not be empty");
        }
    }

    /** A name of at most {@code parts} dot-separated parts, each a {@link DrillCheck#SQL_NAME_PART}. */
    private static void sqlName(YamlMapping check, String field, int parts, String form) {
        String name = check.text(field, true);
        if (name == null) {
            return;
        }
        String[] split = name.split("\\.", -1);
        if (split.length > parts || !Arrays.stream(split).allMatch(part -> DrillCheck.SQL_NAME_PART.matcher(part).matches())) {
            check.problem(field, "'" + name + "' is not a name of the form " + form + ", each part letters, digits and _,"
                    + " starting with a letter or _, at most 63 long");
        }
    }

    private static void dataSource(YamlMapping check, Set<String> dataSources) {
        String name = check.text(DATA_SOURCE, false);
        if (name != null && !dataSources.contains(name)) {
            check.problem(DATA_SOURCE, "'" + name + "' is not a data source of this service; its data sources: "
                    + BackupPolicyReader.namesOrNone(dataSources));
        }
    }
}
