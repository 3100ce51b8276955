package io.lifeboat.restore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.secret.SecretReference;

/**
 * An alternate pgdump restore onto another PostgreSQL server than the data source's own: its destination's
 * {@code server: {host, port, user, passwordRef}} (host required, {@code passwordRef} a secret reference). Every step
 * of the restore (createdb, pg_restore, verify, the checks' connection, discard) hands the agent the data source's
 * location with these settings laid over its own, so they all talk to that server; what is left out keeps the data
 * source's value.
 */
public final class AlternateServer {

    /** The destination field. */
    public static final String SERVER = "server";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String USER = "user";
    public static final String PASSWORD_REF = "passwordRef";
    private static final Set<String> FIELDS = Set.of(HOST, PORT, USER, PASSWORD_REF);
    /**
     * The data source's own database is not on the other server, so the agent's maintenance connection (createdb's
     * {@code --maintenance-db}) goes to the database every PostgreSQL server has, as createdb's does by default.
     */
    private static final String MAINTENANCE_DATABASE = "postgres";

    private AlternateServer() {
    }

    /** The location the agent works on for a data source restored into {@code destination}; unchanged without a server. */
    public static SourceLocation locate(SourceLocation source, Map<String, Object> destination) {
        if (!(destination.get(SERVER) instanceof Map<?, ?> server)) {
            return source;
        }
        Map<String, Object> settings = new HashMap<>(source.settings());
        server.forEach((key, value) -> {
            if (FIELDS.contains(key) && value != null) {
                settings.put((String) key, value);
            }
        });
        settings.put("database", MAINTENANCE_DATABASE);
        return new SourceLocation(source.serviceId(), source.dataSource(), Map.copyOf(settings), source.baseDir(),
                source.storageRoot(), source.method());
    }

    /** What is wrong with a request's {@code server}, each naming its field below {@code field}; empty when nothing. */
    static List<String> problems(String field, Object server) {
        List<String> problems = new ArrayList<>();
        if (!(server instanceof Map<?, ?> fields)) {
            problems.add(field + ": an object {host, port, user, passwordRef} (host required)");
            return problems;
        }
        fields.keySet().stream().filter(key -> !FIELDS.contains(key)).map(String::valueOf).sorted().forEach(key ->
                problems.add(field + "." + key + ": not a server field; known: host, port, user, passwordRef"));
        if (!(fields.get(HOST) instanceof String host) || host.isBlank()) {
            problems.add(field + ".host: required, a non-empty string");
        }
        if (fields.containsKey(PORT) && !(fields.get(PORT) instanceof Integer port && port > 0 && port < 65536)) {
            problems.add(field + ".port: a port number");
        }
        if (fields.containsKey(USER) && !(fields.get(USER) instanceof String user && !user.isBlank())) {
            problems.add(field + ".user: a non-empty string");
        }
        if (fields.containsKey(PASSWORD_REF)) {
            try {
                // only the form is checked here; the agent reads the secret where it runs, relative to its runbooks
                SecretReference.parse(String.valueOf(fields.get(PASSWORD_REF)), Path.of(""));
            } catch (IllegalArgumentException e) {
                problems.add(field + ".passwordRef: " + e.getMessage());
            }
        }
        return problems;
    }
}
