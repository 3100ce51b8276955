package io.lifeboat.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.storage.StorageProperties;

/**
 * Reads {@code services/*.yaml} of a runbooks directory and checks every file against the agents and storage targets
 * that exist, and the files against each other (ids, dependencies).
 */
public final class CatalogLoader {

    static final String SERVICES_DIR = "services";

    private final Map<String, BackupAgent> agents;
    private final StorageProperties storage;

    /** @throws IllegalStateException when two agents share a name */
    public CatalogLoader(Collection<BackupAgent> agents, StorageProperties storage) {
        this.agents = agents.stream().collect(Collectors.toMap(BackupAgent::name, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two backup agents are named '" + a.name() + "': "
                    + a.getClass().getName() + " and " + b.getClass().getName());
        }));
        this.storage = storage;
    }

    /** @throws CatalogException listing every problem of every file */
    public Catalog load(Path runbooksDir) {
        Path dir = runbooksDir.toAbsolutePath().normalize();
        List<CatalogError> errors = new ArrayList<>();
        List<Path> files = serviceFiles(dir, errors);
        ServiceFileReader reader = new ServiceFileReader(agents, new BackupPolicyReader(storage), dir);
        List<ReadService> services = new ArrayList<>();
        for (Path file : files) {
            FileProblems problems = new FileProblems(dir.relativize(file).toString().replace('\\', '/'), errors);
            reader.read(file, problems).ifPresent(service -> services.add(new ReadService(service, problems)));
        }
        checkIdsAreUnique(services);
        Set<String> knownIds = files.stream().map(ServiceFileReader::baseName).collect(Collectors.toCollection(HashSet::new));
        services.stream().map(read -> read.service().id()).filter(Objects::nonNull).forEach(knownIds::add);
        checkDependencies(services, knownIds);
        if (!errors.isEmpty()) {
            throw new CatalogException(dir, errors);
        }
        return new Catalog(services.stream().map(ReadService::service).toList(), dir);
    }

    /** A service as far as its file could be read, with the problems of that file. */
    private record ReadService(ServiceDefinition service, FileProblems problems) {
    }

    private static List<Path> serviceFiles(Path dir, List<CatalogError> errors) {
        Path servicesDir = dir.resolve(SERVICES_DIR);
        if (!Files.isDirectory(servicesDir)) {
            errors.add(new CatalogError(SERVICES_DIR + "/", null, "no such directory in " + dir));
            return List.of();
        }
        try (Stream<Path> entries = Files.list(servicesDir)) {
            List<Path> files = new ArrayList<>();
            entries.sorted().filter(Files::isRegularFile).forEach(file -> {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml")) {
                    files.add(file);
                } else if (name.endsWith(".yml")) {
                    // silently skipping it would drop a service from the catalog
                    errors.add(new CatalogError(SERVICES_DIR + "/" + name, null,
                            "catalog files end in .yaml; rename it to " + ServiceFileReader.baseName(file) + ".yaml"));
                }
            });
            return files;
        } catch (IOException e) {
            errors.add(new CatalogError(SERVICES_DIR + "/", null, "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    private static void checkIdsAreUnique(List<ReadService> services) {
        Map<String, String> fileById = new HashMap<>();
        for (ReadService read : services) {
            String id = read.service().id();
            if (id != null) {
                String first = fileById.putIfAbsent(id, read.problems().file());
                if (first != null) {
                    read.problems().add("id", "'" + id + "' is also the id of " + first);
                }
            }
        }
    }

    /** @param knownIds also the base names of all files, so a file that failed to parse causes no "no service" noise */
    private static void checkDependencies(List<ReadService> services, Set<String> knownIds) {
        Map<String, List<String>> graph = new HashMap<>();
        Map<String, FileProblems> problemsById = new HashMap<>();
        for (ReadService read : services) {
            List<String> dependsOn = read.service().dependsOn();
            for (int i = 0; i < dependsOn.size(); i++) {
                String dependency = dependsOn.get(i);
                if (dependency != null && !knownIds.contains(dependency)) {
                    read.problems().add("dependsOn[" + i + "]", "no service '" + dependency + "' in the catalog");
                }
            }
            String id = read.service().id();
            if (id != null && !problemsById.containsKey(id)) {
                graph.put(id, dependsOn.stream().filter(Objects::nonNull).toList());
                problemsById.put(id, read.problems());
            }
        }
        for (List<String> cycle : DependencyCycles.in(graph)) {
            problemsById.get(cycle.get(0)).add("dependsOn", "dependency cycle: " + String.join(" -> ", cycle));
        }
    }
}
