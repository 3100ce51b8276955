package io.lifeboat.catalog;

import java.util.List;

/** Collects the problems of one catalog file into the list of the whole catalog. */
final class FileProblems {

    private final String file;
    private final List<CatalogError> sink;

    FileProblems(String file, List<CatalogError> sink) {
        this.file = file;
        this.sink = sink;
    }

    void add(String field, String reason) {
        sink.add(new CatalogError(file, field, reason));
    }

    String file() {
        return file;
    }
}
