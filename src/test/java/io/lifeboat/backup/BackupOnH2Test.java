package io.lifeboat.backup;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.TestDataDirectory;

/** The full stack on H2 in a file, Lifeboat's default database. */
class BackupOnH2Test extends BackupFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "h2");
    }
}
