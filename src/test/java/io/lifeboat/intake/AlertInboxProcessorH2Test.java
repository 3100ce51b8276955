package io.lifeboat.intake;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The processor contract on H2 2.3, one in-memory database per test. */
class AlertInboxProcessorH2Test extends AlertInboxProcessorContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    DataSource freshDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:inbox-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
