package io.lifeboat.intake;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Wraps the application's DataSource so a test can make the database unreachable: while {@link #begin() down}, every
 * new connection fails as it would with the database host gone.
 */
class DatabaseOutage implements BeanPostProcessor {

    private volatile boolean down;

    void begin() {
        down = true;
    }

    void end() {
        down = false;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource)) {
            return bean;
        }
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                failWhileDown();
                return super.getConnection();
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                failWhileDown();
                return super.getConnection(username, password);
            }
        };
    }

    private void failWhileDown() throws SQLException {
        if (down) {
            throw new SQLException("Connection refused: database unreachable (test outage)", "08001");
        }
    }
}
