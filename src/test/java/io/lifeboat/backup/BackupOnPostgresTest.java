package io.lifeboat.backup;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.EmbeddedPostgresConfiguration;
import io.lifeboat.TestDataDirectory;

/** The full stack on a real PostgreSQL 17 (embedded, started by the test). */
@Import(EmbeddedPostgresConfiguration.class)
class BackupOnPostgresTest extends BackupFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "postgres");
    }
}
