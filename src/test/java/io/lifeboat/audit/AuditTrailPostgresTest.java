package io.lifeboat.audit;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.PostgresDatabases;

/** The same contract on a real PostgreSQL 17 (zonky embedded binaries), one new database per test. */
class AuditTrailPostgresTest extends AuditTrailContract {

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    @Override
    DataSource freshDatabase() {
        return POSTGRES.fresh("audit");
    }
}
