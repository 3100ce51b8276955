package io.lifeboat.audit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.lifeboat.PostgresDatabases;

/** The same contract on a real PostgreSQL 17 (zonky embedded binaries), one new database per test. */
class AuditTrailPostgresTest extends AuditTrailContract {

    private static PostgresDatabases postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresDatabases.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Override
    DataSource freshDatabase() {
        return postgres.fresh("audit");
    }
}
