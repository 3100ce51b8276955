package io.lifeboat.catalog;

import java.time.Duration;
import java.util.List;

/**
 * One service of the catalog, as parsed from {@code runbooks/services/<id>.yaml}.
 *
 * @param file the catalog file it came from, so later errors can name it
 */
public record ServiceDefinition(
        String id,
        String name,
        int tier,
        String ownerGroup,
        Duration rto,
        Duration rpo,
        Duration mtd,
        List<String> dependsOn,
        List<DataSource> dataSources,
        BackupPolicy backupPolicy,
        Hooks hooks,
        List<DrillCheck> drillChecks,
        String file) {
}
