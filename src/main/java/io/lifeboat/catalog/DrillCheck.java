package io.lifeboat.catalog;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What proves restored data good: a type and its settings as the catalog file has them (the type's own, and for every
 * type {@code name} and {@code dataSource}). The catalog refuses unknown types, missing and unknown settings and bad
 * names, so a check reaching {@code io.lifeboat.check} has the settings of its type.
 */
public record DrillCheck(String type, Map<String, Object> settings) {

    /** {@code path}: the restored file's SHA-256 equals the one its backup recorded. */
    public static final String FILE_CHECKSUM = "fileChecksum";
    /** {@code file} or {@code table}, and {@code expected}: data lines of a file, or rows of a table. */
    public static final String ROW_COUNT = "rowCount";
    /** {@code query} and {@code expected}: the first column of the first row, compared as text. */
    public static final String SQL = "sql";
    /** {@code table}, {@code column} and {@code references} ({@code other_table.column}): no orphan references. */
    public static final String REFERENTIAL_INTEGRITY = "referentialIntegrity";

    public static final List<String> TYPES = List.of(FILE_CHECKSUM, SQL, ROW_COUNT, REFERENTIAL_INTEGRITY);

    /** Settings of the types above, each named once here for the catalog that checks them and the checks that read them. */
    public static final String PATH = "path";
    public static final String FILE = "file";
    public static final String TABLE = "table";
    public static final String COLUMN = "column";
    public static final String REFERENCES = "references";
    public static final String QUERY = "query";
    public static final String EXPECTED = "expected";

    /** The check's name in results; derived from its settings when absent. */
    public static final String NAME = "name";
    /** The data source the check reads; absent, the first restored one that can answer it. */
    public static final String DATA_SOURCE = "dataSource";

    /**
     * One part of a table or column name a check takes (a table may be {@code schema.table}): letters, digits and
     * {@code _}, at most PostgreSQL's 63 characters. Checks quote the names they write into SQL, so a name is taken as
     * the database spells it (PostgreSQL folds unquoted names to lower case when a table is created).
     */
    public static final Pattern SQL_NAME_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** The setting as text (numbers as written), or null when absent. */
    public String text(String setting) {
        Object value = settings.get(setting);
        return value == null ? null : value.toString();
    }
}
