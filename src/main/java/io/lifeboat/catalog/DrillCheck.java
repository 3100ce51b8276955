package io.lifeboat.catalog;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What proves restored data good: a type and its settings as the catalog file has them (the type's own, and for every
 * type {@code name}, and but for {@code script} {@code dataSource}). The catalog refuses unknown types, missing and
 * unknown settings, bad names and a name used twice in a service, so a check reaching {@code io.lifeboat.check} has
 * the settings of its type.
 */
public record DrillCheck(String type,
                         @Schema(description = "the check's settings as the catalog file has them: strings, numbers, "
                                 + "lists and objects", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                         Map<String, Object> settings) {

    /** {@code path}: the restored file's SHA-256 equals the one its backup recorded. */
    public static final String FILE_CHECKSUM = "fileChecksum";
    /**
     * {@code file} and {@code expected}: data lines of a file; {@code table}, and optionally {@code expected}: rows of a
     * table, without {@code expected} against the count its backup recorded.
     */
    public static final String ROW_COUNT = "rowCount";
    /** {@code query} and {@code expected}: the first column of the first row, compared as text. */
    public static final String SQL = "sql";
    /**
     * No orphans of a reference no foreign key enforces: {@code table}, {@code column} and {@code references}
     * ({@code other_table.column}); or between JSON export files, {@code file}, {@code field} (or {@code fields}, a list
     * of them, each checked) and {@code references} ({@code other-file.json:field}). Optionally {@code key}, what names
     * an orphan row in the evidence.
     */
    public static final String REFERENCES = "references";
    /** No orphans of any foreign key of the restored schema; optionally {@code schema}, else every non-system one. */
    public static final String FOREIGN_KEYS = "foreignKeys";
    /** amcheck's {@code bt_index_check} on every B-tree index; optionally {@code heapallindexed: true}. */
    public static final String AMCHECK = "amcheck";
    /**
     * {@code term} found at least {@code minMatches} times (default 1): in files ({@code path}, a directory or glob) or
     * by SQL full-text search ({@code table}, {@code column} or {@code columns}, optionally {@code language}).
     */
    public static final String SEARCH = "search";
    /** {@code script}: a Groovy synthetic transaction in the runbooks directory, passing unless it returns false or throws. */
    public static final String SCRIPT = "script";

    public static final List<String> TYPES = List.of(FILE_CHECKSUM, SQL, ROW_COUNT, REFERENCES, FOREIGN_KEYS, AMCHECK,
            SEARCH, SCRIPT);

    /** Settings of the types above, each named once here for the catalog that checks them and the checks that read them. */
    public static final String PATH = "path";
    public static final String FILE = "file";
    public static final String TABLE = "table";
    public static final String COLUMN = "column";
    public static final String COLUMNS = "columns";
    /** The {@code references} setting: what a reference points at, {@code table.column} or {@code file:field}. */
    public static final String REFERENCED = "references";
    public static final String FIELD = "field";
    /** The {@code references} setting between JSON files that names several fields of one file, each a reference. */
    public static final String FIELDS = "fields";
    public static final String KEY = "key";
    public static final String QUERY = "query";
    public static final String EXPECTED = "expected";
    public static final String SCHEMA = "schema";
    public static final String HEAP_ALL_INDEXED = "heapallindexed";
    public static final String TERM = "term";
    public static final String LANGUAGE = "language";
    public static final String MIN_MATCHES = "minMatches";
    /** The {@code script} setting: the Groovy file, relative to the runbooks directory. */
    public static final String SCRIPT_FILE = "script";

    /** The check's name in results and evidence; required, and unique within a service. */
    public static final String NAME = "name";
    /** The data source the check reads; absent, the first restored one that can answer it. */
    public static final String DATA_SOURCE = "dataSource";

    /**
     * One part of a table or column name a check takes (a table may be {@code schema.table}): letters, digits and
     * {@code _}, at most PostgreSQL's 63 characters. Checks quote the names they write into SQL, so a name is taken as
     * the database spells it (PostgreSQL folds unquoted names to lower case when a table is created).
     */
    public static final Pattern SQL_NAME_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** A JSON reference's target, {@code other-file.json:field}: the file, then after the last colon the field. */
    public static final Pattern FILE_FIELD = Pattern.compile("(.+):([^:]+)");

    /** The setting as text (numbers as written), or null when absent. */
    public String text(String setting) {
        Object value = settings.get(setting);
        return value == null ? null : value.toString();
    }

    /** The setting as a list of texts (a single value is a list of one), empty when absent. */
    public List<String> texts(String setting) {
        Object value = settings.get(setting);
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(value.toString());
    }

    /** The check's name: required by the catalog, so null only for a check made elsewhere. */
    public String name() {
        return text(NAME);
    }
}
