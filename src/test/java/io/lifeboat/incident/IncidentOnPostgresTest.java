package io.lifeboat.incident;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.EmbeddedPostgresConfiguration;
import io.lifeboat.TestDataDirectory;

/** The incident flow on a real PostgreSQL 17 (embedded, started by the test). */
@Import(EmbeddedPostgresConfiguration.class)
class IncidentOnPostgresTest extends IncidentFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "incident-postgres");
    }

    /**
     * The storm's SQL on PostgreSQL, with fewer alerts: each processed alert is a commit PostgreSQL fsyncs, which makes
     * 10,000 of them take two minutes here; H2 runs the full 10,000.
     */
    @Override
    int stormAlerts() {
        return 1_000;
    }
}
