package io.lifeboat.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A connection to a restored database, in a read-only transaction that {@link RestoredSources} rolls back after each check. */
record RestoredDatabase(String dataSource, Connection connection, int queryTimeoutSeconds) {

    /** A statement whose queries are cancelled after the timeout, so a runaway check cannot hold the restore forever. */
    Statement statement() throws SQLException {
        Statement statement = connection.createStatement();
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }
}
