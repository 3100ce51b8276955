package io.lifeboat.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of the catalog, as parsed from {@code runbooks/services/<id>.yaml}.
 *
 * @param alertMatchers label sets that map an alert to this service when it has no {@code service} label naming a
 *                      catalog id: every label of one matcher must be equal, any one matcher may match
 * @param drillPolicy   when and how restore drills prove its backups; the tier's default when the catalog has none
 * @param serviceNow    its CI and assignment group in ServiceNow; null when the entry names none
 * @param file          the catalog file it came from, so later errors can name it
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
        DrillPolicy drillPolicy,
        List<Map<String, String>> alertMatchers,
        ServiceNowLink serviceNow,
        String file) {

    /** Whether some matcher's labels are all among {@code labels} with equal values. */
    public boolean matchesAlert(Map<String, String> labels) {
        return alertMatchers.stream().anyMatch(matcher -> matcher.entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey()))));
    }

    /**
     * What a passed drill proved, as a SHA-256 (hex) of the whole entry but the file it came from: a drill passed
     * under another fingerprint says nothing about the service as the catalog has it now. See {@link DrillFingerprint}.
     */
    public String drillFingerprint() {
        return DrillFingerprint.of(this);
    }
}
