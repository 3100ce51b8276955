package io.lifeboat.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
        DrillPolicyView drillPolicy,
        List<MatcherView> alertMatchers) {

    static ServiceView of(ServiceDefinition service, List<String> usedBy) {
        return new ServiceView(service.id(), service.name(), service.tier(), service.ownerGroup(),
                service.rto().toString(), service.rpo().toString(), service.mtd().toString(),
                service.dependsOn(), usedBy, service.dataSources(), PolicyView.of(service.backupPolicy()),
                service.hooks(), service.drillChecks(), DrillPolicyView.of(service.drillPolicy()),
                service.alertMatchers().stream().map(MatcherView::new).toList());
    }

    /** @param scheduleInterval the longest gap between two scheduled backups, the data the schedule can lose */
    public record PolicyView(String schedule, String scheduleInterval, String method, RetentionView retention,
                             String storageTarget, String incidentStorageTarget, List<WindowView> blackoutWindows) {

        static PolicyView of(BackupPolicy policy) {
            return new PolicyView(policy.schedule().cron(), policy.schedule().longestInterval().toString(),
                    policy.method().name().toLowerCase(Locale.ROOT), RetentionView.of(policy.retention()), policy.storageTarget(),
                    policy.incidentStorageTarget(),
                    policy.blackoutWindows().stream().map(WindowView::of).toList());
        }
    }

    /**
     * @param schedule        null: drills run only when asked
     * @param negativeControl how often a scheduled drill is a negative control, as {@link Retention#iso} writes it; null
     *                        for never
     */
    public record DrillPolicyView(String schedule, List<String> checks, String recoveryPoint, String negativeControl) {

        static DrillPolicyView of(DrillPolicy policy) {
            return new DrillPolicyView(policy.schedule() == null ? null : policy.schedule().cron(), policy.checks(),
                    policy.recoveryPoint(),
                    policy.negativeControlEvery() == null ? null : Retention.iso(policy.negativeControlEvery()));
        }
    }

    /** @param minimumAge by trigger, as {@link Retention#iso} writes it */
    public record RetentionView(int daily, int weekly, int monthly, int keepLast, Map<String, String> minimumAge) {

        static RetentionView of(Retention retention) {
            Map<String, String> ages = new TreeMap<>();
            retention.minimumAge().forEach((trigger, age) -> ages.put(trigger, Retention.iso(age)));
            return new RetentionView(retention.daily(), retention.weekly(), retention.monthly(), retention.keepLast(), ages);
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
