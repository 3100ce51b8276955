package io.lifeboat.intake;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The processor contract on a real PostgreSQL 17 (zonky embedded binaries), one new database per test. */
class AlertInboxProcessorPostgresTest extends AlertInboxProcessorContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Override
    DataSource freshDatabase() {
        String name = "inbox_" + DATABASES.incrementAndGet();
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }
}
