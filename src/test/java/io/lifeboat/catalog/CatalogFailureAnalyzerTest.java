package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class CatalogFailureAnalyzerTest {

    @Test
    void listsEveryErrorWhenTheCatalogBeanFails() {
        CatalogException bad = new CatalogException(Path.of("/srv/runbooks"), List.of(
                new CatalogError("services/chat-log.yaml", "backupPolicy.blackoutWindows[0].from", "'25:00' is not a time (HH:mm)"),
                new CatalogError("services/a.yaml", null, "the file is empty")));

        FailureAnalysis analysis = new CatalogFailureAnalyzer()
                .analyze(new BeanCreationException("catalog", "Failed to instantiate", bad));

        assertThat(analysis.getDescription()).isEqualTo("""
                The service catalog in /srv/runbooks has 2 error(s):

                  - services/chat-log.yaml: backupPolicy.blackoutWindows[0].from: '25:00' is not a time (HH:mm)
                  - services/a.yaml: the file is empty
                """);
        assertThat(analysis.getAction()).startsWith("Fix the catalog files named above");
    }
}
