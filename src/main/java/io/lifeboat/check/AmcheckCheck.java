package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.HEAP_ALL_INDEXED;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code amcheck {heapallindexed?}}: PostgreSQL's amcheck {@code bt_index_check} on every B-tree index of the restored
 * database, system catalogs' included, as {@code pg_amcheck} does; with {@code heapallindexed: true} it also checks that
 * every heap row has its index entry. An index that is not valid (a failed {@code CREATE INDEX CONCURRENTLY}) cannot be
 * checked and is named in the evidence.
 *
 * <p>{@code CREATE EXTENSION IF NOT EXISTS amcheck} writes to the restored database, which the read-only transaction
 * of every other check forbids. It runs in a transaction that may write ({@link RestoredDatabase#writable}), holding
 * nothing but this check's own statements, and that transaction is rolled back: CREATE EXTENSION is transactional, so
 * the restored database is left as it was restored, whether it is switched in next or dropped with a drill's sandbox.
 * Creating the extension needs a superuser, as amcheck is not a trusted extension.
 */
final class AmcheckCheck implements CheckType {

    private static final String INDEXES = """
            select c.oid, format('%I.%I', n.nspname, c.relname), i.indisvalid
            from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
              join pg_namespace n on n.oid = c.relnamespace
            where am.amname = 'btree' and c.relkind = 'i' and c.relpersistence <> 't'
            order by n.nspname, c.relname""";
    /** Of one index's error in the evidence. */
    private static final int SHOWN = 300;

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException {
        boolean heapAllIndexed = Boolean.parseBoolean(check.text(HEAP_ALL_INDEXED));
        RestoredDatabase database = restored.database(check.text(DrillCheck.DATA_SOURCE));
        return database.writable(() -> {
            try (Statement statement = database.statement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
            }
            return checkIndexes(database, heapAllIndexed);
        });
    }

    private static Verdict checkIndexes(RestoredDatabase database, boolean heapAllIndexed) throws SQLException {
        Connection connection = database.connection();
        List<String> failed = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        try (Statement statement = database.statement(); ResultSet indexes = statement.executeQuery(INDEXES);
             PreparedStatement check = database.prepare("SELECT bt_index_check(?::oid::regclass, ?)")) {
            while (indexes.next()) {
                String index = indexes.getString(2);
                if (!indexes.getBoolean(3)) {
                    invalid.add(index);
                    continue;
                }
                check.setLong(1, indexes.getLong(1));
                check.setBoolean(2, heapAllIndexed);
                // one index's error aborts only its savepoint, so every other index is still checked
                Savepoint beforeIndex = connection.setSavepoint();
                try {
                    check.execute();
                    connection.releaseSavepoint(beforeIndex);
                } catch (SQLException e) {
                    connection.rollback(beforeIndex);
                    failed.add(index + ": " + Verdict.shortened(String.valueOf(e.getMessage()), SHOWN));
                }
                checked++;
            }
        }
        String found = "amcheck bt_index_check" + (heapAllIndexed ? " with heapallindexed" : "") + " on " + checked
                + " B-tree indexes of data source " + database.dataSource()
                + (invalid.isEmpty() ? "" : "; not valid, so not checked: " + String.join(", ", invalid));
        if (failed.isEmpty()) {
            return Verdict.passed(found + ": all passed");
        }
        return Verdict.failed(found + ": " + failed.size() + " failed: " + String.join("; ", failed));
    }
}
