package io.lifeboat.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A service as {@code /api/services} shows it: durations as ISO-8601 strings, and who uses it as well as what it uses. */
public record ServiceView(
        String id,
        String name,
        int tier,
        String ownerGroup,
        String rto,
        String rpo,
        String mtd,
        List<String> dependsOn,
        List<String> usedBy,
        List<DataSource> dataSources,
        PolicyView backupPolicy,
        Hooks hooks,
        List<DrillCheck> drillChecks,
        List<MatcherView> alertMatchers) {

    static ServiceView of(ServiceDefinition service, List<String> usedBy) {
        return new ServiceView(service.id(), service.name(), service.tier(), service.ownerGroup(),
                service.rto().toString(), service.rpo().toString(), service.mtd().toString(),
                service.dependsOn(), usedBy, service.dataSources(), PolicyView.of(service.backupPolicy()),
                service.hooks(), service.drillChecks(),
                service.alertMatchers().stream().map(MatcherView::new).toList());
    }

    /** @param scheduleInterval the longest gap between two scheduled backups, the data the schedule can lose */
    public record PolicyView(String schedule, String scheduleInterval, String method, Retention retention,
                             String storageTarget, String incidentStorageTarget, List<WindowView> blackoutWindows) {

        static PolicyView of(BackupPolicy policy) {
            return new PolicyView(policy.schedule().cron(), policy.schedule().longestInterval().toString(),
                    policy.method().name().toLowerCase(Locale.ROOT), policy.retention(), policy.storageTarget(),
                    policy.incidentStorageTarget(),
                    policy.blackoutWindows().stream().map(WindowView::of).toList());
        }
    }

    /** As written in the catalog file: {@code {labels: {job: ticketdb}}}. */
    public record MatcherView(Map<String, String> labels) {
    }

    /** Days in week order, times as HH:mm. */
    public record WindowView(String name, List<String> days, String from, String to, String zone) {

        static WindowView of(BlackoutWindow window) {
            return new WindowView(window.name(), window.days().stream().sorted().map(Enum::name).toList(),
                    window.from().toString(), window.to().toString(), window.zone().getId());
        }
    }
}
