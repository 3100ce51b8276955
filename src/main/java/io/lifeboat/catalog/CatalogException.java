package io.lifeboat.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The catalog is invalid; holds every problem of every file, so an operator fixes them all in one round. */
public class CatalogException extends RuntimeException {

    private final Path runbooksDir;
    private final List<CatalogError> errors;

    public CatalogException(Path runbooksDir, List<CatalogError> errors) {
        super("the service catalog in " + runbooksDir + " has " + errors.size() + " error(s):"
                + errors.stream().map(error -> "\n  - " + error).collect(Collectors.joining()));
        this.runbooksDir = runbooksDir;
        this.errors = List.copyOf(errors);
    }

    public Path runbooksDir() {
        return runbooksDir;
    }

    public List<CatalogError> errors() {
        return errors;
    }
}
