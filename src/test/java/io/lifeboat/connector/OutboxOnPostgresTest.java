package io.lifeboat.connector;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.EmbeddedPostgresConfiguration;

/** The outbox on a real PostgreSQL (embedded, started by the test): its claims and its unique key there. */
@Import(EmbeddedPostgresConfiguration.class)
class OutboxOnPostgresTest extends OutboxFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "outbox-postgres");
    }
}
