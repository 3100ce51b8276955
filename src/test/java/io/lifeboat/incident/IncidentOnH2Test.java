package io.lifeboat.incident;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.TestDataDirectory;

/** The incident flow on H2 in a file, Lifeboat's default database. */
class IncidentOnH2Test extends IncidentFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "incident-h2");
    }
}
