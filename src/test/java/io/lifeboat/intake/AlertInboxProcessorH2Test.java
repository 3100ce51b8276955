package io.lifeboat.intake;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The processor contract on H2 2.3, one in-memory database per test. */
class AlertInboxProcessorH2Test extends AlertInboxProcessorContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    DataSource freshDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        // a lock wait longer than H2's default second, so the test that holds a row lock is not timing-bound
        h2.setURL("jdbc:h2:mem:inbox-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @Override
    boolean aSessionWaitsForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from information_schema.sessions where blocker_id is not null",
                Integer.class) > 0;
    }
}
