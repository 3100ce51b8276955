package io.lifeboat.restore;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.DemoApi;
import io.lifeboat.EmbeddedPostgresConfiguration;

/** Restores on a real PostgreSQL 17 (embedded, started by the test). */
@Import(EmbeddedPostgresConfiguration.class)
class RestoreOnPostgresTest extends RestoreFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DemoApi.registerDemoCopy(registry, "restore-postgres");
    }
}
