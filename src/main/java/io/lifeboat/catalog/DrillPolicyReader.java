package io.lifeboat.catalog;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code drillPolicy} of a service, or gives its tier's default when the catalog has none. */
final class DrillPolicyReader {

    static final List<String> FIELDS = List.of("schedule", "checks", "recoveryPoint", "negativeControl");

    private DrillPolicyReader() {
    }

    /** @param drillChecks the service's drill checks, which {@code checks} must name */
    static DrillPolicy read(Optional<YamlMapping> policy, int tier, List<DrillCheck> drillChecks) {
        // a check without a name is refused by the catalog already; it cannot be named here either
        List<String> allChecks = drillChecks.stream().map(DrillCheck::name).filter(Objects::nonNull).toList();
        DrillPolicy byDefault = DrillPolicy.byDefault(tier, allChecks);
        if (policy.isEmpty()) {
            return byDefault;
        }
        YamlMapping mapping = policy.get();
        boolean scheduled = mapping.has("schedule") || byDefault.schedule() != null;
        Schedule schedule = mapping.has("schedule") ? BackupPolicyReader.schedule(mapping, false) : byDefault.schedule();
        List<String> checks = checks(mapping, allChecks);
        String recoveryPoint = mapping.has("recoveryPoint") ? recoveryPoint(mapping) : byDefault.recoveryPoint();
        Duration negativeControlEvery = mapping.duration("negativeControl", false);
        if (negativeControlEvery != null && !scheduled) {
            mapping.problem("negativeControl", "needs a schedule: a tier " + tier + " service has no scheduled drills"
                    + " unless its drillPolicy gives a schedule (a drill asked for is a negative control when asked)");
        }
        return new DrillPolicy(schedule, checks, recoveryPoint, negativeControlEvery);
    }

    private static List<String> checks(YamlMapping policy, List<String> allChecks) {
        if (!policy.has("checks")) {
            return allChecks;
        }
        List<String> names = policy.texts("checks", false);
        if (names.isEmpty()) {
            // an empty list would make drills that prove nothing but that a restore ends
            policy.problem("checks", "must name at least one drill check; leave it out to run them all");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null) {
                continue;
            }
            if (!allChecks.contains(name)) {
                policy.problem("checks[" + i + "]", "'" + name + "' is not a drill check of this service; its drill checks: "
                        + BackupPolicyReader.namesOrNone(Set.copyOf(allChecks)));
            } else if (!seen.add(name)) {
                policy.problem("checks[" + i + "]", "'" + name + "' is listed twice");
            }
        }
        // as written (a bad element is null): with any problem the catalog is refused, so this list never reaches it
        return Collections.unmodifiableList(names);
    }

    private static String recoveryPoint(YamlMapping policy) {
        String recoveryPoint = policy.text("recoveryPoint", false);
        if (recoveryPoint != null && !DrillPolicy.RECOVERY_POINTS.contains(recoveryPoint)) {
            policy.problem("recoveryPoint", "unknown recovery point '" + recoveryPoint + "'; expected "
                    + String.join(" or ", DrillPolicy.RECOVERY_POINTS));
        }
        return recoveryPoint;
    }
}
