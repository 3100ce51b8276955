package io.lifeboat.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** CONTRACT SKELETON: the catalog helper replaces the bodies. The validated catalog, loaded once at start-up. */
public class Catalog {

    public List<ServiceDefinition> services() {
        throw new UnsupportedOperationException("not yet built");
    }

    public Optional<ServiceDefinition> find(String serviceId) {
        throw new UnsupportedOperationException("not yet built");
    }

    /** @throws UnknownServiceException naming the id */
    public ServiceDefinition require(String serviceId) {
        throw new UnsupportedOperationException("not yet built");
    }

    /** Ids of the services that depend on this one. */
    public List<String> usedBy(String serviceId) {
        throw new UnsupportedOperationException("not yet built");
    }

    /** The runbooks directory the catalog was read from; hook and data paths are relative to it. */
    public Path runbooksDir() {
        throw new UnsupportedOperationException("not yet built");
    }
}
