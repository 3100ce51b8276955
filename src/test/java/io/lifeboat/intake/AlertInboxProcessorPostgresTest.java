package io.lifeboat.intake;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import io.lifeboat.PostgresDatabases;

/** The processor contract on a real PostgreSQL 17 (zonky embedded binaries), one new database per test. */
class AlertInboxProcessorPostgresTest extends AlertInboxProcessorContract {

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    @Override
    DataSource freshDatabase() {
        return POSTGRES.fresh("inbox");
    }

    @Override
    boolean aSessionWaitsForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'",
                Integer.class) > 0;
    }
}
