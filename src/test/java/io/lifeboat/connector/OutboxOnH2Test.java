package io.lifeboat.connector;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outbox on the quick start's H2 database. */
class OutboxOnH2Test extends OutboxFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "outbox-h2");
    }
}
