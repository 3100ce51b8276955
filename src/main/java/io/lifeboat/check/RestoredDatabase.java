package io.lifeboat.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection to a restored database, in a read-only transaction that {@link RestoredSources} rolls back after each
 * check.
 *
 * @param source the data source whose restored database this is: what its backup recorded
 */
record RestoredDatabase(RestoredSource source, Connection connection, int queryTimeoutSeconds) {

    /** Work on a restored database that may throw what JDBC throws. */
    interface Work<T> {
        T run() throws SQLException;
    }

    String dataSource() {
        return source.dataSource();
    }

    /** A statement whose queries are cancelled after the timeout, so a runaway check cannot hold the restore forever. */
    Statement statement() throws SQLException {
        Statement statement = connection.createStatement();
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    /** As {@link #statement()}, with parameters: values from the catalog are bound, never written into the SQL. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    /**
     * Runs a check's own, fixed statements in a transaction that may write, rolled back afterwards, and returns to the
     * read-only transactions of every other check. For work that must write to read (amcheck's {@code CREATE
     * EXTENSION}), never for a catalog's query: the read-only transaction is what keeps those from changing the data.
     * Should the connection not return to read-only, it is closed, so no later check runs on a writable one.
     */
    <T> T writable(Work<T> work) throws SQLException {
        connection.rollback();
        connection.setReadOnly(false);
        try {
            return work.run();
        } finally {
            try {
                connection.rollback();
                connection.setReadOnly(true);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
    }
}
