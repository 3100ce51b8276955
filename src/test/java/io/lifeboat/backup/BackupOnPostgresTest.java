package io.lifeboat.backup;

import java.io.IOException;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The full stack on a real PostgreSQL 17 (embedded, started by the test). */
@Import(BackupOnPostgresTest.Postgres.class)
class BackupOnPostgresTest extends BackupFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDataDirectory(registry, "postgres");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Postgres {

        /** A bean, not a static: the database must outlive the cached context that uses it. */
        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres() throws IOException {
            return EmbeddedPostgres.builder().start();
        }

        @Bean
        @Primary
        DataSource dataSource(EmbeddedPostgres postgres) {
            return postgres.getPostgresDatabase();
        }
    }
}
