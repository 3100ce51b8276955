package io.lifeboat;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL 17 server for a test class, handing out a new, empty database per test. Register it as a
 * {@code @RegisterExtension static} field: it starts before the class's tests and stops after them.
 */
public final class PostgresDatabases implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "postgres";

    private final AtomicInteger created = new AtomicInteger();
    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    /** The server's port on localhost, for tests that reach it as a second server as an agent would. */
    public int port() {
        return postgres.getPort();
    }

    public DataSource fresh(String prefix) {
        return postgres.getDatabase(USER, create(prefix));
    }

    /** A new, empty database for a JVM of its own: its JDBC URL; the user is {@link #USER}, without a password. */
    public String freshJdbcUrl(String prefix) {
        return postgres.getJdbcUrl(USER, create(prefix));
    }

    private String create(String prefix) {
        String name = prefix + "_" + created.incrementAndGet();
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + name);
        return name;
    }
}
