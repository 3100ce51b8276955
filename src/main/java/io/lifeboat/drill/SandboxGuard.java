package io.lifeboat.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.DataFootprint;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.restore.AlternateServer;

/**
 * Refuses a drill's sandbox that would touch a production location of any service in the catalog, as each data
 * source's agent reads its settings ({@link DataFootprint}): a sandbox path equal to, inside or containing a production
 * path; a sandbox database that is a production database (same host, port and name); a sandbox cluster's port that is
 * a production server's port on the same host (a pgBackRest sandbox is started on this host). Paths are compared
 * absolute, without {@code ..} and with symbolic links resolved where they exist; {@code localhost}, {@code 127.x}, {@code
 * ::1} and a Unix socket directory are the same host. It runs where the sandbox will be (the agent's host), so that is
 * where paths and configuration files are read.
 */
@Component
public class SandboxGuard {

    private static final String LOCAL = "localhost";
    private static final int DEFAULT_PORT = 5432;

    private final Catalog catalog;
    private final DataSourceAgents agents;

    public SandboxGuard(Catalog catalog, DataSourceAgents agents) {
        this.catalog = catalog;
        this.agents = agents;
    }

    /** A production location and whose it is. */
    private record Production(String service, String dataSource, DataFootprint footprint) {

        String owner() {
            return service + " (data source " + dataSource + ")";
        }
    }

    /**
     * @param directory    the drill's own directory, which its teardown removes whole
     * @param destinations per data source of {@code service}, its alternate restore destination in the sandbox
     * @throws SandboxClashException naming every clash, both sides
     * @throws AgentException        when a production location cannot be read (a data source's settings, a pgBackRest
     *                               configuration): the guard refuses rather than guesses
     */
    public void check(ServiceDefinition service, Path directory, Map<String, Map<String, Object>> destinations)
            throws AgentException {
        List<Production> production = production();
        Set<String> clashes = new LinkedHashSet<>();
        pathClashes("sandbox directory " + directory, real(directory), production, clashes);
        for (Map.Entry<String, Map<String, Object>> entry : destinations.entrySet()) {
            Map<String, Object> destination = entry.getValue();
            for (String field : List.of("path", "dataDirectory")) {
                if (destination.get(field) instanceof String path) {
                    Path sandbox = real(catalog.runbooksDir().resolve(path));
                    pathClashes("sandbox " + sandbox, sandbox, production, clashes);
                }
            }
            if (destination.get("database") instanceof String database) {
                Optional<DataFootprint.Server> server = sandboxServer(service, entry.getKey(), destination, production);
                server.ifPresent(on -> databaseClashes(on, database, production, clashes));
            }
            if (destination.get("port") instanceof Integer port) {
                portClashes(port, production, clashes);
            }
        }
        if (!clashes.isEmpty()) {
            throw new SandboxClashException(service.id(), List.copyOf(clashes));
        }
    }

    private List<Production> production() throws AgentException {
        List<Production> production = new ArrayList<>();
        for (ServiceDefinition service : catalog.services()) {
            String target = DataSourceAgents.target(service, null);
            for (DataSource dataSource : service.dataSources()) {
                DataFootprint footprint;
                try {
                    footprint = agents.agent(dataSource).footprint(agents.location(service, dataSource, target));
                } catch (AgentException e) {
                    throw new AgentException("cannot tell where production data of " + service.id() + " (data source "
                            + dataSource.name() + ") lives, so no sandbox is set up: " + e.getMessage(), false, e);
                }
                production.add(new Production(service.id(), dataSource.name(), footprint));
            }
        }
        return production;
    }

    private static void pathClashes(String what, Path sandbox, List<Production> production, Set<String> clashes) {
        for (Production owner : production) {
            for (Path path : owner.footprint().paths()) {
                Path real = real(path);
                if (sandbox.equals(real)) {
                    clashes.add(what + " is production path " + real + " of " + owner.owner());
                } else if (sandbox.startsWith(real)) {
                    clashes.add(what + " is inside production path " + real + " of " + owner.owner());
                } else if (real.startsWith(sandbox)) {
                    clashes.add(what + " contains production path " + real + " of " + owner.owner());
                }
            }
        }
    }

    /** The destination's other server, else the data source's own (pgdump makes the new database beside its own). */
    private static Optional<DataFootprint.Server> sandboxServer(ServiceDefinition service, String dataSource,
                                                                Map<String, Object> destination, List<Production> production) {
        if (destination.get(AlternateServer.SERVER) instanceof Map<?, ?> server) {
            Object port = server.get(AlternateServer.PORT);
            return Optional.of(new DataFootprint.Server(String.valueOf(server.get(AlternateServer.HOST)),
                    port instanceof Integer number ? number : DEFAULT_PORT, null));
        }
        return production.stream()
                .filter(owner -> owner.service().equals(service.id()) && owner.dataSource().equals(dataSource))
                .flatMap(owner -> owner.footprint().servers().stream()).findFirst();
    }

    private static void databaseClashes(DataFootprint.Server server, String database, List<Production> production,
                                        Set<String> clashes) {
        for (Production owner : production) {
            for (DataFootprint.Server other : owner.footprint().servers()) {
                if (database.equals(other.database()) && sameServer(server, other)) {
                    clashes.add("sandbox database " + database + " on " + server.host() + ":" + server.port()
                            + " is production database " + other.database() + " on " + other.host() + ":" + other.port()
                            + " of " + owner.owner());
                }
            }
        }
    }

    private static void portClashes(int port, List<Production> production, Set<String> clashes) {
        DataFootprint.Server sandbox = new DataFootprint.Server(LOCAL, port, null);
        for (Production owner : production) {
            for (DataFootprint.Server other : owner.footprint().servers()) {
                if (sameServer(sandbox, other)) {
                    clashes.add("sandbox cluster port " + port + " on this host is the port of production server "
                            + other.host() + ":" + other.port() + " of " + owner.owner());
                }
            }
        }
    }

    private static boolean sameServer(DataFootprint.Server one, DataFootprint.Server other) {
        return one.port() == other.port() && host(one.host()).equals(host(other.host()));
    }

    /** A host as a server is reached: this host under any of its loopback names, else the name in lower case. */
    static String host(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "").replaceAll("\\.$", "");
        if (name.isEmpty() || name.startsWith("/") || name.equals(LOCAL) || name.startsWith("127.") || name.equals("::1")
                || name.equals("0:0:0:0:0:0:0:1")) {
            return LOCAL;
        }
        return name;
    }

    /** Absolute, without {@code ..}, and with the symbolic links of its longest existing part resolved. */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            // unreadable on the way: compared as written, which still catches the same spelling
            return absolute;
        }
    }
}
