package io.lifeboat.agent.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a data source lives and where its backups go.
 *
 * @param settings    the data source's agent settings from the catalog (secrets only as references)
 * @param baseDir     the runbooks directory: relative paths in settings are resolved against it
 * @param storageRoot this service's directory on its storage target, created by the caller
 * @param method      the backup method asked for: the policy's, or for an emergency backup the one the incident's
 *                    classification chose; an agent that cannot make it makes what it can
 *                    ({@link BackupAgent#honouredMethods})
 */
public record SourceLocation(String serviceId, String dataSource, Map<String, Object> settings, Path baseDir, Path storageRoot,
                             BackupMethod method) {

    public Path resolve(String path) {
        return baseDir.resolve(path).toAbsolutePath().normalize();
    }
}
