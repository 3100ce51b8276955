package io.lifeboat.drill;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.backup.agent.DirectoryTree;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.PgBackRestAgent;
import io.lifeboat.backup.agent.PgDumpAgent;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.backup.agent.ServiceNowExportAgent;
import io.lifeboat.backup.agent.Sha256;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.restore.AlternateServer;

/**
 * Where a drill restores: per data source the alternate restore destination of its sandbox, checked by the
 * {@link SandboxGuard} before anything is written. Files and restic go to {@code <sandboxDir>/<drillId>/<dataSource>};
 * pgdump to a new database {@code drill_<id>} on {@code lifeboat.drill.postgres}, else on the data source's own server;
 * pgBackRest to a data directory there, started on a free port of this host. It runs where the agent restores (a data
 * host's agent too), so the directory, the port and the server are probed from there, and each agent is asked whether
 * its tools can write their sandbox ({@link BackupAgent#destinationProblem}: pgBackRest's as the cluster's user).
 */
@Component
public class DrillSandboxes {

    /** What every sandbox database is named with, and how the negative control knows one. */
    public static final String DATABASE_PREFIX = "drill_";
    /** PostgreSQL's NAMEDATALEN less its terminating byte; a longer name would be cut silently. */
    private static final int MAX_DATABASE_BYTES = 63;
    private static final Pattern DRILL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Every server has it; the probe asks it {@code select 1} as createdb's connection would. */
    private static final String MAINTENANCE_DATABASE = "postgres";

    private final DrillProperties properties;
    private final SandboxGuard guard;
    private final DataSourceAgents agents;

    public DrillSandboxes(DrillProperties properties, SandboxGuard guard, DataSourceAgents agents) {
        this.properties = properties;
        this.guard = guard;
        this.agents = agents;
    }

    /**
     * The sandbox of every data source of the service, once the guard let it through, its directory made and its
     * PostgreSQL server answering.
     *
     * @throws SandboxClashException when the sandbox would touch production (nothing was written)
     * @throws AgentException        retryable, when the sandbox cannot be used: its directory cannot be written (by
     *                               Lifeboat, or by the tools that restore into it), its server does not answer; not
     *                               retryable for a data source no sandbox is made for
     */
    public Map<String, Map<String, Object>> plan(ServiceDefinition service, String drillId) throws AgentException {
        Map<String, Map<String, Object>> plan = guarded(service, drillId);
        requireUsable(service, directory(drillId), plan);
        return plan;
    }

    /**
     * What the guard says of the sandbox the drill would get, without writing anything: for the API, which refuses a
     * drill that would touch production before it is on record. On a data host {@link #plan} asks again there.
     *
     * @throws SandboxClashException naming every clash
     */
    public void refuseClashes(ServiceDefinition service, String drillId) throws AgentException {
        guarded(service, drillId);
    }

    private Map<String, Map<String, Object>> guarded(ServiceDefinition service, String drillId) throws AgentException {
        Path directory = directory(drillId);
        long databases = service.dataSources().stream().filter(source -> PgDumpAgent.NAME.equals(source.agent())).count();
        Map<String, Map<String, Object>> plan = new LinkedHashMap<>();
        Set<Integer> ports = new HashSet<>();
        for (DataSource dataSource : service.dataSources()) {
            Path own = directory.resolve(dataSource.name());
            plan.put(dataSource.name(), switch (dataSource.agent()) {
                case FilesAgent.NAME, ResticAgent.NAME, ServiceNowExportAgent.NAME -> Map.of("path", own.toString());
                case PgDumpAgent.NAME -> database(drillId, databases > 1 ? dataSource.name() : null);
                case PgBackRestAgent.NAME -> Map.of("dataDirectory", own.toString(), "port", freePort(ports));
                default -> throw new AgentException("no drill sandbox for data source " + dataSource.name() + " of "
                        + service.id() + ": its agent " + dataSource.agent() + " has none", false);
            });
        }
        guard.check(service, directory, plan);
        return plan;
    }

    /**
     * Why the sandbox {@link #plan} made cannot be used now, looked at again: after a restore into it failed, this
     * tells a sandbox that broke (the drill says nothing about the backup) from a backup that did not restore.
     */
    public Optional<String> problem(ServiceDefinition service, String drillId, Map<String, Map<String, Object>> sandbox) {
        try {
            requireUsable(service, directory(drillId), sandbox);
            return Optional.empty();
        } catch (AgentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void requireUsable(ServiceDefinition service, Path directory, Map<String, Map<String, Object>> sandbox)
            throws AgentException {
        prepare(directory);
        for (DataSource dataSource : service.dataSources()) {
            Map<String, Object> destination = sandbox.get(dataSource.name());
            if (destination == null) {
                continue;
            }
            SourceLocation location = agents.location(service, dataSource, DataSourceAgents.target(service, null));
            Optional<String> unwritable = agents.agent(dataSource).destinationProblem(location, destination);
            if (unwritable.isPresent()) {
                throw new AgentException("the sandbox of data source " + dataSource.name() + " cannot be written: "
                        + unwritable.get(), true);
            }
            if (PgDumpAgent.NAME.equals(dataSource.agent())) {
                probe(dataSource, AlternateServer.locate(location, destination), agents.agent(dataSource));
            }
        }
    }

    /** Removes the drill's directory and whatever is left in it; gone already, it does nothing. */
    public void removeDirectory(String drillId) throws AgentException {
        Path directory = directory(drillId);
        try {
            DirectoryTree.delete(directory);
        } catch (IOException e) {
            throw new AgentException("cannot remove the sandbox directory " + directory + ": " + e, true, e);
        }
    }

    /** The drill's directory below the sandbox directory. */
    public Path directory(String drillId) {
        if (drillId == null || !DRILL_ID.matcher(drillId).matches()) {
            throw new IllegalArgumentException("drill id '" + drillId + "' is no directory name: letters, digits and . _ -"
                    + " (not first), at most 128 characters");
        }
        return properties.sandboxDir().resolve(drillId);
    }

    /**
     * {@code drill_<id>}, with {@code _<dataSource>} for a service with several pgdump data sources: lower case letters,
     * digits and {@code _} (a safe name for the agents, and one SQL need not quote), within PostgreSQL's 63 bytes,
     * a long one cut and told apart by a hash of what it was cut from.
     */
    static String databaseName(String drillId, String dataSource) {
        String whole = dataSource == null ? drillId : drillId + "_" + dataSource;
        String name = DATABASE_PREFIX + whole.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (name.length() <= MAX_DATABASE_BYTES) {
            return name;
        }
        String hash;
        try {
            hash = Sha256.of(new ByteArrayInputStream(whole.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes in memory", e);
        }
        return name.substring(0, MAX_DATABASE_BYTES - hash.length() - 1) + "_" + hash;
    }

    private Map<String, Object> database(String drillId, String dataSource) {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("database", databaseName(drillId, dataSource));
        if (properties.postgres() != null) {
            destination.put(AlternateServer.SERVER, properties.postgres().server());
        }
        return Map.copyOf(destination);
    }

    /** A free port of this host, another than the service's other clusters got. */
    private static int freePort(Set<Integer> taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (taken.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on this host for a sandbox cluster", e);
            }
        }
    }

    /**
     * Makes the drill's directory, open to its group (a pgBackRest cluster's user creates its data directory in it,
     * {@link DrillProperties#sandboxDir()}), and writes into it once to be sure it can be written.
     */
    private static void prepare(Path directory) throws AgentException {
        try {
            Files.createDirectories(directory);
            if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwx---"));
            }
            Files.delete(Files.createTempFile(directory, ".lifeboat-probe-", ""));
        } catch (IOException e) {
            throw new AgentException("the sandbox directory " + directory + " cannot be written: " + e, true, e);
        }
    }

    /** The sandbox server answers {@code select 1} to the user the restore will log in as. */
    private static void probe(DataSource dataSource, SourceLocation location, BackupAgent agent) throws AgentException {
        String server = location.settings().get("host") + ":" + location.settings().getOrDefault("port", 5432);
        try (Connection connection = agent.connect(location, new RestoredData(MAINTENANCE_DATABASE, null, null, null));
             Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        } catch (AgentException | SQLException e) {
            throw new AgentException("sandbox server down: the PostgreSQL server " + server + " of the sandbox of data source "
                    + dataSource.name() + " does not answer: " + e.getMessage(), true, e);
        }
    }
}
