package io.lifeboat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One real PostgreSQL 17 server for a test class, handing out a new, empty database per test. */
public final class PostgresDatabases implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final AtomicInteger created = new AtomicInteger();

    private PostgresDatabases(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresDatabases start() throws IOException {
        return new PostgresDatabases(EmbeddedPostgres.builder().start());
    }

    public DataSource fresh(String prefix) {
        String name = prefix + "_" + created.incrementAndGet();
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
