package io.lifeboat.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.catalog.Retention;

/**
 * One service's retention plan, the same for every agent. Each SUCCEEDED backup not yet deleted is kept by every
 * rule that keeps it, and deleted by {@link Rule#GFS} when none does:
 * <ul>
 * <li>{@code legal-hold}: under a legal hold;</li>
 * <li>{@code open-incident}: an emergency backup of an incident still open;</li>
 * <li>{@code keep-last}: one of the newest {@code keepLast} backups;</li>
 * <li>{@code newest-verified}: the newest verified backup, however old, so a restore point known to be good remains;</li>
 * <li>{@code minimum-age}: made by a person or for a purpose (manual, change, pre-restore, emergency) and younger than
 *     the minimum age of its trigger; an emergency backup's age counts from when its incident was resolved;</li>
 * <li>{@code daily}, {@code weekly}, {@code monthly}: grandfather-father-son, the newest backup of each of the last N
 *     UTC days, ISO weeks and months that have backups (a backup counts for the day it was started in).</li>
 * </ul>
 * FAILED and RUNNING backups are not retention's business.
 */
public final class GfsRetention {

    /** The rules of a plan, in the order reports name them; every rule but {@link #GFS} keeps. */
    public enum Rule {
        LEGAL_HOLD, OPEN_INCIDENT, KEEP_LAST, NEWEST_VERIFIED, MINIMUM_AGE, DAILY, WEEKLY, MONTHLY,
        /** Deletes: no other rule keeps the backup. */
        GFS;

        /** As shown in plans, reports and the audit trail: {@code legal-hold}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The service's incidents as far as its emergency backups are concerned.
     *
     * @param open       ids of incidents still open
     * @param resolvedAt when each resolved incident was resolved
     */
    public record Incidents(Set<String> open, Map<String, Instant> resolvedAt) {

        public static final Incidents NONE = new Incidents(Set.of(), Map.of());
    }

    private static final Comparator<BackupRecord> NEWEST_FIRST =
            Comparator.comparing(BackupRecord::startedAt).thenComparing(BackupRecord::id).reversed();

    private GfsRetention() {
    }

    /**
     * @param backups one service's backup records, in any order and of any status
     * @param held    ids of backups under legal hold
     * @param now     what minimum ages are measured against
     */
    public static Plan plan(List<BackupRecord> backups, Retention retention, Set<String> held, Incidents incidents,
                            Instant now) {
        List<BackupRecord> candidates = backups.stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED && !backup.deleted())
                .sorted(NEWEST_FIRST).toList();
        Map<String, Map<Rule, String>> kept = new LinkedHashMap<>();
        for (BackupRecord backup : candidates.subList(0, Math.min(retention.keepLast(), candidates.size()))) {
            keep(kept, backup, Rule.KEEP_LAST, "one of the newest " + retention.keepLast());
        }
        candidates.stream().filter(BackupRecord::verified).findFirst()
                .ifPresent(backup -> keep(kept, backup, Rule.NEWEST_VERIFIED, "the newest verified backup"));
        keepNewestPerPeriod(kept, candidates, retention.daily(), Rule.DAILY, "day", GfsRetention::day);
        keepNewestPerPeriod(kept, candidates, retention.weekly(), Rule.WEEKLY, "week", GfsRetention::isoWeek);
        keepNewestPerPeriod(kept, candidates, retention.monthly(), Rule.MONTHLY, "month", GfsRetention::month);
        for (BackupRecord backup : candidates) {
            if (held.contains(backup.id())) {
                keep(kept, backup, Rule.LEGAL_HOLD, "under legal hold");
            }
            if (backup.incidentId() != null && incidents.open().contains(backup.incidentId())) {
                keep(kept, backup, Rule.OPEN_INCIDENT, "incident " + backup.incidentId() + " is open");
            } else {
                minimumAge(backup, retention, incidents)
                        .filter(until -> now.isBefore(until.keptUntil()))
                        .ifPresent(until -> keep(kept, backup, Rule.MINIMUM_AGE, until.describe()));
            }
        }
        List<Decision> decisions = new ArrayList<>();
        for (BackupRecord backup : candidates) {
            Map<Rule, String> rules = kept.get(backup.id());
            decisions.add(rules == null
                    ? new Decision(backup, List.of(Rule.GFS), expiry(backup, retention, incidents))
                    : new Decision(backup, List.copyOf(rules.keySet()), rules.entrySet().stream()
                            .map(rule -> rule.getKey().label() + ": " + rule.getValue()).collect(Collectors.joining("; "))));
        }
        return new Plan(decisions);
    }

    private static void keepNewestPerPeriod(Map<String, Map<Rule, String>> kept, List<BackupRecord> newestFirst, int periods,
                                            Rule rule, String periodName, Function<BackupRecord, String> period) {
        Set<String> seen = new HashSet<>();
        for (BackupRecord backup : newestFirst) {
            if (seen.size() == periods && !seen.contains(period.apply(backup))) {
                return;
            }
            if (seen.add(period.apply(backup))) {
                keep(kept, backup, rule, "newest of " + periodName + " " + period.apply(backup));
            }
        }
    }

    private static void keep(Map<String, Map<Rule, String>> kept, BackupRecord backup, Rule rule, String why) {
        kept.computeIfAbsent(backup.id(), id -> new EnumMap<>(Rule.class)).put(rule, why);
    }

    /** Until when a backup made by a person or for a purpose is kept; empty for other triggers. */
    private static Optional<MinimumAge> minimumAge(BackupRecord backup, Retention retention, Incidents incidents) {
        return retention.minimumAgeOf(backup.trigger().value()).map(age -> {
            Instant resolved = backup.trigger() == BackupTrigger.EMERGENCY && backup.incidentId() != null
                    ? incidents.resolvedAt().get(backup.incidentId()) : null;
            return resolved == null
                    ? new MinimumAge(backup.trigger().value() + " backup", age, backup.startedAt())
                    : new MinimumAge("emergency backup of incident " + backup.incidentId() + ", resolved "
                    + minutes(resolved) + ",", age, resolved);
        });
    }

    /** @param what the backup, as the reasons name it: {@code manual backup} */
    private record MinimumAge(String what, Duration age, Instant from) {

        Instant keptUntil() {
            return from.plus(age);
        }

        String describe() {
            return what + " kept until " + minutes(keptUntil()) + " (minimum age " + Retention.iso(age) + ")";
        }
    }

    /** Why no rule keeps a backup, naming the rules it falls outside of, for the plan and the audit trail. */
    private static String expiry(BackupRecord backup, Retention retention, Incidents incidents) {
        return "GFS daily " + retention.daily() + ", weekly " + retention.weekly() + ", monthly " + retention.monthly()
                + ": not the newest kept backup of day " + day(backup) + ", week " + isoWeek(backup) + " or month "
                + month(backup) + "; not one of the newest " + retention.keepLast()
                + minimumAge(backup, retention, incidents).map(until -> "; " + until.what() + " past its minimum age "
                + Retention.iso(until.age()) + " since " + minutes(until.keptUntil())).orElse("");
    }

    private static String minutes(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private static String day(BackupRecord backup) {
        return LocalDate.ofInstant(backup.startedAt(), ZoneOffset.UTC).toString();
    }

    private static String isoWeek(BackupRecord backup) {
        LocalDate day = LocalDate.ofInstant(backup.startedAt(), ZoneOffset.UTC);
        return "%d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static String month(BackupRecord backup) {
        return YearMonth.from(LocalDate.ofInstant(backup.startedAt(), ZoneOffset.UTC)).toString();
    }

    /**
     * @param rules   the rules keeping the backup, in {@link Rule} order, or just {@link Rule#GFS} deleting it
     * @param reasons each rule with why it applies ({@code keep-last: one of the newest 3; daily: newest of day ...}),
     *                or why nothing keeps the backup
     */
    public record Decision(BackupRecord backup, List<Rule> rules, String reasons) {

        public boolean keep() {
            return !rules.contains(Rule.GFS);
        }

        /** {@code keep-last, daily}: what reports and the API show. */
        public String ruleLabels() {
            return labels(rules);
        }
    }

    static String labels(List<Rule> rules) {
        return rules.stream().map(Rule::label).collect(Collectors.joining(", "));
    }

    /** Every SUCCEEDED, not yet deleted backup of the service, newest first, each kept or deleted. */
    public record Plan(List<Decision> decisions) {

        public List<Decision> kept() {
            return decisions.stream().filter(Decision::keep).toList();
        }

        public List<Decision> expired() {
            return decisions.stream().filter(decision -> !decision.keep()).toList();
        }
    }
}
