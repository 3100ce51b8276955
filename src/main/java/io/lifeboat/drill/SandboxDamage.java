package io.lifeboat.drill;

/**
 * What a negative control did to the sandbox copy on purpose, so the checks that follow must see it.
 *
 * @param dataSource the damaged data source
 * @param kind       {@code removedFile}, {@code deletedRows} or {@code brokenReference}
 * @param object     what was damaged, as a failing check's evidence must name it: the file's path inside the data
 *                   source, or the table
 * @param detail     what exactly was done ("deleted 20 of 200 rows of tickets")
 */
public record SandboxDamage(String dataSource, String kind, String object, String detail) {

    public static final String REMOVED_FILE = "removedFile";
    public static final String DELETED_ROWS = "deletedRows";
    public static final String BROKEN_REFERENCE = "brokenReference";
}
