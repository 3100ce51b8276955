package io.lifeboat.backup.agent;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import io.lifeboat.agent.spi.AgentException;

/**
 * Turns a failed PostgreSQL client tool (pg_dump, pg_dumpall, pg_restore, createdb) or JDBC call into an
 * {@link AgentException}. The tools exit 1 for every failure, so only their libpq message tells a wrong password or
 * a missing database (retrying cannot help) from a server that is down or busy (it may come back). Anything unknown
 * stays retryable, as for restic.
 */
final class PgClientFailures {

    private static final List<String> PERMANENT = List.of("password authentication failed", "no password supplied",
            "does not exist", "permission denied", "server version mismatch", "already exists",
            "no pg_hba.conf entry", "must be superuser", "is not a valid", "unsupported version");

    /** SQLSTATE classes that repeating cannot fix: authorization, missing objects, privileges, syntax, data. */
    private static final List<String> PERMANENT_SQLSTATE_CLASSES = List.of("28", "3D", "42", "22");

    private PgClientFailures() {
    }

    static AgentException classify(ToolProcess.Result result, PgConnection connection) {
        String gist = ToolProcess.gist(result.stderr());
        String message = result.command() + " failed (exit " + result.exitCode() + ", " + connection + "): "
                + (gist.isEmpty() ? "it printed nothing on stderr" : gist);
        String lower = gist.toLowerCase(Locale.ROOT);
        return new AgentException(message, PERMANENT.stream().noneMatch(lower::contains));
    }

    static AgentException classify(String what, SQLException e, PgConnection connection) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean permanent = state.length() >= 2 && PERMANENT_SQLSTATE_CLASSES.contains(state.substring(0, 2));
        return new AgentException(what + " failed (" + connection + ", SQLSTATE " + (state.isEmpty() ? "none" : state)
                + "): " + e.getMessage(), !permanent, e);
    }
}
