package io.lifeboat.intake;

import java.io.IOException;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The webhooks on a real PostgreSQL 17 (embedded, started by the test). */
@Import(AlertIntakeOnPostgresTest.Postgres.class)
class AlertIntakeOnPostgresTest extends AlertIntakeHttpTest {

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
