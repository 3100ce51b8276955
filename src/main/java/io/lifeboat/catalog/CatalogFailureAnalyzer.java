package io.lifeboat.catalog;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad catalog at start-up into a list of its errors instead of a stack trace. */
public class CatalogFailureAnalyzer extends AbstractFailureAnalyzer<CatalogException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CatalogException cause) {
        String description = "The service catalog in " + cause.runbooksDir() + " has " + cause.errors().size()
                + " error(s):\n\n" + cause.errors().stream().map(error -> "  - " + error + "\n").collect(Collectors.joining());
        String action = "Fix the catalog files named above and start again. A field path names YAML keys from the top"
                + " of the file; [n] is the n-th entry of a list, counting from 0.";
        return new FailureAnalysis(description, action, cause);
    }
}
