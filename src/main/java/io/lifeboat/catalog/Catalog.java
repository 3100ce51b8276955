package io.lifeboat.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated catalog, loaded once at start-up (see {@link CatalogLoader}). */
public class Catalog {

    private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();
    private final Map<String, List<String>> usedBy = new LinkedHashMap<>();
    private final Path runbooksDir;

    /**
     * @param services checked services (the loader's job); ordered by id here
     * @throws IllegalArgumentException on a duplicate id or a dependency on a service that is not among them
     */
    public Catalog(Collection<ServiceDefinition> services, Path runbooksDir) {
        this.runbooksDir = runbooksDir;
        services.stream().sorted(Comparator.comparing(ServiceDefinition::id)).forEach(service -> {
            if (this.services.putIfAbsent(service.id(), service) != null) {
                throw new IllegalArgumentException("two services have the id '" + service.id() + "'");
            }
            usedBy.put(service.id(), new ArrayList<>());
        });
        for (ServiceDefinition service : this.services.values()) {
            for (String dependency : service.dependsOn()) {
                List<String> users = usedBy.get(dependency);
                if (users == null) {
                    throw new IllegalArgumentException(service.id() + " depends on unknown service '" + dependency + "'");
                }
                users.add(service.id());
            }
        }
        usedBy.replaceAll((id, users) -> List.copyOf(users));
    }

    /** Ordered by id. */
    public List<ServiceDefinition> services() {
        return List.copyOf(services.values());
    }

    public Optional<ServiceDefinition> find(String serviceId) {
        return Optional.ofNullable(services.get(serviceId));
    }

    /**
     * The service an alert with these labels belongs to: the one its {@code service} label names when that is a
     * catalog id, else the first service (by id) with a matching {@link ServiceDefinition#alertMatchers() matcher}.
     */
    public Optional<ServiceDefinition> serviceForLabels(Map<String, String> labels) {
        ServiceDefinition named = services.get(labels.get("service"));
        if (named != null) {
            return Optional.of(named);
        }
        return services.values().stream().filter(service -> service.matchesAlert(labels)).findFirst();
    }

    /** @throws UnknownServiceException naming the id */
    public ServiceDefinition require(String serviceId) {
        return find(serviceId).orElseThrow(() -> new UnknownServiceException(serviceId));
    }

    /**
     * Ids of the services that depend on this one, ordered by id.
     *
     * @throws UnknownServiceException naming the id
     */
    public List<String> usedBy(String serviceId) {
        List<String> users = usedBy.get(serviceId);
        if (users == null) {
            throw new UnknownServiceException(serviceId);
        }
        return users;
    }

    /** The runbooks directory the catalog was read from; hook and data paths are relative to it. */
    public Path runbooksDir() {
        return runbooksDir;
    }
}
