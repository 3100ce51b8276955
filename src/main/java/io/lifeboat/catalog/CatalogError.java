package io.lifeboat.catalog;

/**
 * One problem of the catalog.
 *
 * @param file  the catalog file, relative to the runbooks directory, e.g. {@code services/chat-log.yaml}
 * @param field the field path inside the file, e.g. {@code backupPolicy.blackoutWindows[0].from}, a line and column
 *              for YAML syntax errors, or null when the problem concerns the whole file
 */
public record CatalogError(String file, String field, String reason) {

    @Override
    public String toString() {
        return field == null ? file + ": " + reason : file + ": " + field + ": " + reason;
    }
}
