package io.lifeboat.drill;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.EmbeddedPostgresConfiguration;

/** Drills on a real PostgreSQL (embedded, started by the test). */
@Import(EmbeddedPostgresConfiguration.class)
class DrillOnPostgresTest extends DrillFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "drill-postgres");
    }
}
