package io.lifeboat.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredSource;

/**
 * A negative control's deliberate damage to a drill's sandbox copy, so that the checks run on it next must fail and
 * name it: of a directory of files one file removed (one a check names, else the largest); of a database (a pgdump
 * copy, a restored pgBackRest cluster) a tenth of the rows of its largest table deleted, and one reference broken by
 * deleting a row that another table refers to, through a reference a check declares or a foreign key. The damage is
 * committed, so the checks see it as they would see loss.
 *
 * <p>It damages sandboxes only: a directory below {@code lifeboat.drill.sandbox-dir}, a database named
 * {@value DrillSandboxes#DATABASE_PREFIX}*; anything else is refused before it is touched.
 */
@Component
public class NegativeControl {

    /** Every user table outside the system schemas, largest first, with its name quoted by the server. */
    private static final String TABLES_BY_SIZE = """
            select n.nspname, c.relname, format('%I.%I', n.nspname, c.relname)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind = 'r' and c.relpersistence <> 't'
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
            order by pg_total_relation_size(c.oid) desc, 1, 2""";
    /** Every foreign key outside the system schemas: child and parent, each quoted, and their columns. */
    private static final String FOREIGN_KEYS = """
            select cn.nspname, cc.relname, format('%I.%I', cn.nspname, cc.relname),
                   pn.nspname, pc.relname, format('%I.%I', pn.nspname, pc.relname),
                   array(select format('%I', a.attname) from unnest(f.conkey) with ordinality k(n, i)
                      join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.n order by k.i),
                   array(select format('%I', a.attname) from unnest(f.confkey) with ordinality k(n, i)
                      join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.n order by k.i),
                   f.conname
            from pg_constraint f
              join pg_class cc on cc.oid = f.conrelid join pg_namespace cn on cn.oid = cc.relnamespace
              join pg_class pc on pc.oid = f.confrelid join pg_namespace pn on pn.oid = pc.relnamespace
            where f.contype = 'f' and cn.nspname not in ('pg_catalog', 'information_schema')
            order by 1, 2, f.conname""";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String PUBLIC = "public";

    private final Path sandboxDir;

    public NegativeControl(DrillProperties properties) {
        this.sandboxDir = SandboxGuard.real(properties.sandboxDir());
    }

    /** A table as the damage names it (without {@code public.}) and as SQL writes it. */
    private record Table(String name, String sql) {

        static Table of(String schema, String table, String sql) {
            return new Table(PUBLIC.equals(schema) ? table : schema + "." + table, sql);
        }
    }

    /** A reference from rows of {@code child} to rows of {@code parent}, their columns quoted. */
    private record Reference(Table child, List<String> childColumns, Table parent, List<String> parentColumns,
                             String describe) {
    }

    /**
     * Damages every restored data source of the sandbox.
     *
     * @param checks the service's drill checks: a file one names is the one removed, a reference one declares may be
     *               the one broken
     * @throws AgentException when the copy cannot be reached or damaged (a foreign key refusing the deletion to a user
     *                        that may not turn it off)
     * @throws IllegalStateException for data that is not in a sandbox, which is never touched
     */
    public List<SandboxDamage> damage(List<RestoredSource> restored, List<DrillCheck> checks) throws AgentException {
        List<SandboxDamage> damage = new ArrayList<>();
        for (RestoredSource source : restored) {
            if (!source.isRestored()) {
                continue;
            }
            RestoredData data = source.data();
            if (data.port() == null && Path.of(data.location()).isAbsolute()) {
                removeFile(source, checks).ifPresent(damage::add);
            } else {
                damage.addAll(damageDatabase(source, checks));
            }
        }
        return damage;
    }

    /**
     * The damage no failed check's evidence names by its {@link SandboxDamage#object()}, as sentences for the drill's
     * verdict ("no check saw that the negative control deleted 20 of 200 rows of table tickets in data source db").
     * A table is named by itself or qualified ({@code public.tickets}, {@code tickets.customer_id}), a file by its path.
     */
    public static List<String> unseen(List<SandboxDamage> damage, List<CheckResult> results) {
        List<String> evidence = results.stream().filter(CheckResult::failed).map(CheckResult::evidence).toList();
        return damage.stream()
                .filter(done -> evidence.stream().noneMatch(found -> names(found, done)))
                .map(done -> "no check saw that the negative control " + done.detail())
                .toList();
    }

    private static boolean names(String evidence, SandboxDamage damage) {
        String object = damage.object();
        Pattern named = SandboxDamage.REMOVED_FILE.equals(damage.kind())
                ? Pattern.compile("(?<![\\w./-])" + Pattern.quote(object) + "(?![\\w/-]|\\.\\w)")
                : Pattern.compile("(?<![\\w$])" + Pattern.quote(object.substring(object.lastIndexOf('.') + 1)) + "(?![\\w$])");
        return named.matcher(evidence).find();
    }

    private Optional<SandboxDamage> removeFile(RestoredSource source, List<DrillCheck> checks) throws AgentException {
        Path directory = inSandbox(Path.of(source.data().location()), source);
        try {
            Optional<Path> file = namedFile(directory, source.dataSource(), checks);
            if (file.isEmpty()) {
                file = largestFile(directory);
            }
            if (file.isEmpty()) {
                return Optional.empty();
            }
            long bytes = Files.size(file.get());
            Files.delete(file.get());
            String path = directory.relativize(file.get()).toString().replace('\\', '/');
            return Optional.of(new SandboxDamage(source.dataSource(), SandboxDamage.REMOVED_FILE, path, "removed file " + path
                    + " (" + bytes + " bytes) from the sandbox copy of data source " + source.dataSource()));
        } catch (IOException e) {
            throw new AgentException("the negative control cannot remove a file from " + directory + ": " + e, true, e);
        }
    }

    /** The first file a check of this data source reads ({@code path}, {@code file}) that the copy holds. */
    private static Optional<Path> namedFile(Path directory, String dataSource, List<DrillCheck> checks) {
        for (DrillCheck check : checks) {
            String reads = check.text(DrillCheck.DATA_SOURCE);
            if (reads != null && !reads.equals(dataSource)) {
                continue;
            }
            for (String setting : List.of(DrillCheck.PATH, DrillCheck.FILE)) {
                String path = check.text(setting);
                if (path != null) {
                    Path file = directory.resolve(path).normalize();
                    if (file.startsWith(directory) && Files.isRegularFile(file)) {
                        return Optional.of(file);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> largestFile(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
            Path largest = null;
            long largestBytes = -1;
            for (Path file : regular) {
                long bytes = Files.size(file);
                if (bytes > largestBytes) {
                    largest = file;
                    largestBytes = bytes;
                }
            }
            return Optional.ofNullable(largest);
        }
    }

    private List<SandboxDamage> damageDatabase(RestoredSource source, List<DrillCheck> checks) throws AgentException {
        RestoredData data = source.data();
        if (data.port() != null) {
            inSandbox(Path.of(data.location()), source);
        } else if (!data.location().startsWith(DrillSandboxes.DATABASE_PREFIX)) {
            throw notInSandbox(source, "database " + data.location() + " is not named " + DrillSandboxes.DATABASE_PREFIX + "*");
        }
        List<SandboxDamage> damage = new ArrayList<>();
        try (Connection connection = source.agent().connect(source.source(), data)) {
            if (data.port() == null) {
                String reached = currentDatabase(connection);
                if (!data.location().equals(reached)) {
                    throw notInSandbox(source, "the connection to " + data.location() + " reached database " + reached);
                }
            }
            connection.setAutoCommit(false);
            // a foreign key would refuse the damage as it refuses any loss; loss that happened never asked it
            boolean foreignKeysOff = tryExecute(connection, "set local session_replication_role = replica");
            Optional<Table> deleted = deleteRows(connection, source, foreignKeysOff, damage);
            breakReference(connection, source, checks, foreignKeysOff, deleted, damage);
            connection.commit();
        } catch (SQLException e) {
            throw new AgentException("the negative control cannot damage the sandbox copy of data source "
                    + source.dataSource() + " (" + data.location() + "): " + e.getMessage(), false, e);
        }
        return damage;
    }

    /** A tenth of the rows (at least one) of the largest table that has rows. */
    private static Optional<Table> deleteRows(Connection connection, RestoredSource source, boolean foreignKeysOff,
                                              List<SandboxDamage> damage) throws SQLException, AgentException {
        List<Table> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(TABLES_BY_SIZE)) {
            while (rows.next()) {
                tables.add(Table.of(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        }
        for (Table table : tables) {
            long rows = count(connection, "select count(*) from " + table.sql());
            if (rows == 0) {
                continue;
            }
            long delete = Math.max(1, rows / 10);
            Savepoint before = connection.setSavepoint();
            int deleted;
            try (Statement statement = connection.createStatement()) {
                deleted = statement.executeUpdate("delete from " + table.sql() + " where ctid in (select ctid from "
                        + table.sql() + " limit " + delete + ")");
            } catch (SQLException e) {
                connection.rollback(before);
                if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) && !foreignKeysOff) {
                    throw new AgentException("the negative control cannot delete rows of table " + table.name() + " in data"
                            + " source " + source.dataSource() + ": a foreign key refuses (" + e.getMessage() + "), and"
                            + " only a superuser may turn foreign keys off (session_replication_role)", false, e);
                }
                throw e;
            }
            damage.add(new SandboxDamage(source.dataSource(), SandboxDamage.DELETED_ROWS, table.name(), "deleted " + deleted
                    + " of " + rows + " rows of table " + table.name() + " in data source " + source.dataSource()));
            return Optional.of(table);
        }
        return Optional.empty();
    }

    /**
     * Deletes the row one child row refers to, through the first reference (those the checks declare, then foreign
     * keys while they are off) whose parent is not the table rows were already deleted from, else through any.
     */
    private static void breakReference(Connection connection, RestoredSource source, List<DrillCheck> checks,
                                       boolean foreignKeysOff, Optional<Table> deleted, List<SandboxDamage> damage)
            throws SQLException {
        List<Reference> references = new ArrayList<>(declaredReferences(connection, source.dataSource(), checks));
        if (foreignKeysOff) {
            references.addAll(foreignKeys(connection));
        }
        references.sort(Comparator.comparing(reference -> deleted.map(table -> table.sql().equals(reference.parent().sql()))
                .orElse(false)));
        for (Reference reference : references) {
            Savepoint before = connection.setSavepoint();
            String parent = qualified("p", reference.parentColumns(), "");
            String child = qualified("c", reference.childColumns(), "");
            String sql = "delete from " + reference.parent().sql() + " p where (" + parent + ") in (select " + child
                    + " from " + reference.child().sql() + " c join " + reference.parent().sql() + " q on ("
                    + qualified("q", reference.parentColumns(), "") + ") = (" + child + ") limit 1)"
                    + " returning concat_ws(', ', " + qualified("p", reference.parentColumns(), "::text") + ")";
            List<String> keys = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            } catch (SQLException e) {
                // a declared reference between columns that cannot be compared, or one a foreign key enforces: the next
                connection.rollback(before);
                continue;
            }
            if (keys.isEmpty()) {
                connection.rollback(before);
                continue;
            }
            damage.add(new SandboxDamage(source.dataSource(), SandboxDamage.BROKEN_REFERENCE, reference.parent().name(),
                    "deleted " + keys.size() + (keys.size() == 1 ? " row" : " rows") + " of table " + reference.parent().name()
                            + " (" + String.join("; ", keys) + ") that table " + reference.child().name() + " refers to ("
                            + reference.describe() + ") in data source " + source.dataSource() + ", leaving its rows orphaned"));
            return;
        }
    }

    /**
     * The references the checks declare ({@code table}, {@code column}, {@code references}) of this data source, their
     * names checked as the checks check them and quoted.
     */
    private static List<Reference> declaredReferences(Connection connection, String dataSource, List<DrillCheck> checks)
            throws SQLException {
        List<Reference> references = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (DrillCheck check : checks) {
                String reads = check.text(DrillCheck.DATA_SOURCE);
                String table = check.text(DrillCheck.TABLE);
                String column = check.text(DrillCheck.COLUMN);
                String target = check.text(DrillCheck.REFERENCES);
                if (table == null || column == null || target == null || reads != null && !reads.equals(dataSource)) {
                    continue;
                }
                List<String> child = parts(table, 1, 2);
                List<String> parent = parts(target, 2, 3);
                if (child.isEmpty() || parent.isEmpty() || parts(column, 1, 1).isEmpty()) {
                    continue;
                }
                List<String> parentTable = parent.subList(0, parent.size() - 1);
                references.add(new Reference(table(statement, child), List.of(statement.enquoteIdentifier(column, true)),
                        table(statement, parentTable), List.of(statement.enquoteIdentifier(parent.get(parent.size() - 1), true)),
                        table + "." + column + " -> " + target));
            }
        }
        return references;
    }

    private static List<Reference> foreignKeys(Connection connection) throws SQLException {
        List<Reference> references = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(FOREIGN_KEYS)) {
            while (rows.next()) {
                references.add(new Reference(Table.of(rows.getString(1), rows.getString(2), rows.getString(3)),
                        columns(rows.getArray(7)), Table.of(rows.getString(4), rows.getString(5), rows.getString(6)),
                        columns(rows.getArray(8)), "foreign key " + rows.getString(9)));
            }
        }
        return references;
    }

    /** {@code schema.table} or {@code table} (then in {@code public}) as the damage names it, quoted for SQL. */
    private static Table table(Statement statement, List<String> parts) throws SQLException {
        String schema = parts.size() == 2 ? parts.get(0) : PUBLIC;
        String table = parts.get(parts.size() - 1);
        return Table.of(schema, table, statement.enquoteIdentifier(schema, true) + "." + statement.enquoteIdentifier(table, true));
    }

    /** The dot-separated parts of a name a check gives, each a plain SQL name; empty when it is none. */
    private static List<String> parts(String name, int min, int max) {
        List<String> parts = List.of(name.split("\\.", -1));
        boolean plain = parts.size() >= min && parts.size() <= max
                && parts.stream().allMatch(part -> DrillCheck.SQL_NAME_PART.matcher(part).matches());
        return plain ? parts : List.of();
    }

    private static List<String> columns(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    /** Quoted columns, comma-separated, each prefixed with a table alias and followed by {@code suffix}. */
    private static String qualified(String alias, List<String> columns, String suffix) {
        return columns.stream().map(column -> alias + "." + column + suffix).collect(Collectors.joining(", "));
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select current_database()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs a statement in a savepoint: false, and nothing changed, when this user may not. */
    private static boolean tryExecute(Connection connection, String sql) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            connection.rollback(before);
            if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw e;
            }
            return false;
        }
    }

    private Path inSandbox(Path location, RestoredSource source) {
        Path real = SandboxGuard.real(location);
        if (!real.startsWith(sandboxDir) || real.equals(sandboxDir)) {
            throw notInSandbox(source, real + " is not below the sandbox directory " + sandboxDir);
        }
        return real;
    }

    private static IllegalStateException notInSandbox(RestoredSource source, String why) {
        return new IllegalStateException("the negative control refuses to damage data source " + source.dataSource()
                + " of " + source.source().serviceId() + ": " + why + ", so it may be production");
    }
}
