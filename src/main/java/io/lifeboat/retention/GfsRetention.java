package io.lifeboat.retention;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.Retention;

/**
 * Grandfather-father-son retention, the same for every agent. A backup counts for the UTC day, ISO week and month
 * it was started in (the moment its data shows). Kept: the newest backup of each of the last {@code daily} days that
 * have backups, of each of the last {@code weekly} ISO weeks and {@code monthly} months that have backups; the newest
 * backup of all; every backup under legal hold; every emergency backup of an incident still open. Every other
 * SUCCEEDED backup not yet deleted expires. FAILED and RUNNING backups are not retention's business.
 */
public final class GfsRetention {

    /** Why a backup is kept. */
    public enum KeepRule {
        NEWEST, DAILY, WEEKLY, MONTHLY, LEGAL_HOLD, OPEN_INCIDENT;

        /** As shown in reports and the audit trail: {@code legal-hold}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Comparator<BackupRecord> NEWEST_FIRST =
            Comparator.comparing(BackupRecord::startedAt).thenComparing(BackupRecord::id).reversed();

    private GfsRetention() {
    }

    /**
     * @param backups         one service's backup records, in any order and of any status
     * @param held            ids of backups under legal hold
     * @param openIncidentIds incidents still open: their emergency backups are kept
     */
    public static Plan plan(List<BackupRecord> backups, Retention retention, Set<String> held, Set<String> openIncidentIds) {
        List<BackupRecord> candidates = backups.stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED && !backup.deleted())
                .sorted(NEWEST_FIRST).toList();
        Map<String, Set<KeepRule>> kept = new LinkedHashMap<>();
        if (!candidates.isEmpty()) {
            keep(kept, candidates.get(0), KeepRule.NEWEST);
        }
        keepNewestPerPeriod(kept, candidates, retention.daily(), KeepRule.DAILY, GfsRetention::day);
        keepNewestPerPeriod(kept, candidates, retention.weekly(), KeepRule.WEEKLY, GfsRetention::isoWeek);
        keepNewestPerPeriod(kept, candidates, retention.monthly(), KeepRule.MONTHLY, GfsRetention::month);
        for (BackupRecord backup : candidates) {
            if (held.contains(backup.id())) {
                keep(kept, backup, KeepRule.LEGAL_HOLD);
            }
            if (backup.incidentId() != null && openIncidentIds.contains(backup.incidentId())) {
                keep(kept, backup, KeepRule.OPEN_INCIDENT);
            }
        }
        List<Decision> decisions = new ArrayList<>();
        for (BackupRecord backup : candidates) {
            Set<KeepRule> rules = kept.get(backup.id());
            decisions.add(rules == null
                    ? new Decision(backup, false, expiry(backup, retention))
                    : new Decision(backup, true, rules.stream().map(KeepRule::label).collect(Collectors.joining(", "))));
        }
        return new Plan(decisions);
    }

    private static void keepNewestPerPeriod(Map<String, Set<KeepRule>> kept, List<BackupRecord> newestFirst, int periods,
                                            KeepRule rule, Function<BackupRecord, String> period) {
        Set<String> seen = new HashSet<>();
        for (BackupRecord backup : newestFirst) {
            if (seen.size() == periods && !seen.contains(period.apply(backup))) {
                return;
            }
            if (seen.add(period.apply(backup))) {
                keep(kept, backup, rule);
            }
        }
    }

    private static void keep(Map<String, Set<KeepRule>> kept, BackupRecord backup, KeepRule rule) {
        kept.computeIfAbsent(backup.id(), id -> EnumSet.noneOf(KeepRule.class)).add(rule);
    }

    /** The rule that expired a backup, with the periods it was weighed in, for the audit trail. */
    private static String expiry(BackupRecord backup, Retention retention) {
        return "GFS daily " + retention.daily() + ", weekly " + retention.weekly() + ", monthly " + retention.monthly()
                + ": not the newest kept backup of day " + day(backup) + ", week " + isoWeek(backup) + " or month " + month(backup);
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
     * @param reasons for a kept backup the rules keeping it (e.g. {@code daily, monthly}); for an expired one the rule
     *                that expired it
     */
    public record Decision(BackupRecord backup, boolean keep, String reasons) {
    }

    /** Every SUCCEEDED, not yet deleted backup of the service, newest first, each kept or expired. */
    public record Plan(List<Decision> decisions) {

        public List<Decision> kept() {
            return decisions.stream().filter(Decision::keep).toList();
        }

        public List<Decision> expired() {
            return decisions.stream().filter(decision -> !decision.keep()).toList();
        }
    }
}
