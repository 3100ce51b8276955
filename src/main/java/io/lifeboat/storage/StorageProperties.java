package io.lifeboat.storage;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Storage targets by id, as a catalog backup policy names them in {@code storageTarget}. */
@ConfigurationProperties("lifeboat.storage")
public record StorageProperties(Map<String, Target> targets) {

    public StorageProperties {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
    }

    /** Only {@code filesystem} in this release; S3 follows. */
    public record Target(String type, Path path) {
    }
}
