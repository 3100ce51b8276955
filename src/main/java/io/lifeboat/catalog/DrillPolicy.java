package io.lifeboat.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When and how restore drills prove a service's backups (catalog {@code drillPolicy}).
 *
 * @param schedule             when drills start by themselves: a Spring cron evaluated in UTC, as backup schedules
 *                             are; null for none, so drills run only when asked
 * @param checks               the names of the service's drill checks a drill runs: all of them unless the catalog
 *                             names some
 * @param recoveryPoint        which backup a scheduled drill restores: {@link #LATEST} or {@link #RANDOM}
 * @param negativeControlEvery how often a scheduled drill is a negative control; null for never
 */
public record DrillPolicy(Schedule schedule, List<String> checks, String recoveryPoint, Duration negativeControlEvery) {

    /** The newest verified backup. */
    public static final String LATEST = "latest";
    /** A verified backup picked at random from the last 30 days, so drills do not only ever test the newest one. */
    public static final String RANDOM = "random";
    public static final List<String> RECOVERY_POINTS = List.of(LATEST, RANDOM);

    /** 03:00 UTC on the first of January, April, July and October. */
    public static final Schedule QUARTERLY = new Schedule("0 0 3 1 1,4,7,10 *");
    /** Tiers up to this one are drilled {@link #QUARTERLY} unless their policy gives a schedule; the others only when asked. */
    private static final int LAST_TIER_DRILLED_BY_DEFAULT = 2;

    /** The policy of a service whose catalog entry has none: its tier's schedule, every check, the newest backup. */
    public static DrillPolicy byDefault(int tier, List<String> checks) {
        return new DrillPolicy(tier <= LAST_TIER_DRILLED_BY_DEFAULT ? QUARTERLY : null, checks, LATEST, null);
    }

    /**
     * The time between the first two fire times after {@code after}, within which a drill must have passed for the
     * service not to be overdue; a schedule's gaps differ (a quarter has 90 to 92 days), so it depends on when.
     *
     * @return null without a schedule: a service drilled only when asked is never overdue
     */
    public Duration interval(Instant after) {
        if (schedule == null) {
            return null;
        }
        Instant first = schedule.nextAfter(after);
        return Duration.between(first, schedule.nextAfter(first));
    }
}
