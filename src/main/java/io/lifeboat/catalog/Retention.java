package io.lifeboat.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What retention keeps of a service's backups besides legal holds and open incidents' emergency backups; the catalog
 * may omit any of it.
 *
 * @param daily       grandfather-father-son counts: the newest backup of each of the last N days, ISO weeks, months
 * @param keepLast    the newest N backups, whatever their age (at least 1)
 * @param minimumAge  per trigger of a backup made by a person or for a purpose ({@link #PURPOSE_TRIGGERS}): how long
 *                    it is kept at least, from when it was taken; an emergency backup's from when its incident was resolved
 */
public record Retention(int daily, int weekly, int monthly, int keepLast, Map<String, Duration> minimumAge) {

    /**
     * The triggers (as the backup records spell them) of backups somebody asked for, or that were made for a purpose:
     * before a change, before a restore, for an incident. Scheduled and drill backups have no minimum age.
     */
    public static final List<String> PURPOSE_TRIGGERS = List.of("manual", "change", "pre-restore", "emergency");

    public static final Duration DEFAULT_MINIMUM_AGE = Duration.ofDays(30);

    public static final Retention DEFAULT = new Retention(30, 26, 24, 3, defaultMinimumAges());

    public Retention {
        minimumAge = Map.copyOf(minimumAge);
    }

    /** @return the minimum age of a backup with this trigger, empty for triggers without one */
    public Optional<Duration> minimumAgeOf(String trigger) {
        return Optional.ofNullable(minimumAge.get(trigger));
    }

    /** ISO-8601 as people write it: whole days as {@code P30D}, not Java's {@code PT720H}. */
    public static String iso(Duration age) {
        return age.toSeconds() % 86_400 == 0 && age.getNano() == 0 ? "P" + age.toDays() + "D" : age.toString();
    }

    /** Every purpose trigger with {@link #DEFAULT_MINIMUM_AGE}, in the order of {@link #PURPOSE_TRIGGERS}. */
    public static Map<String, Duration> defaultMinimumAges() {
        Map<String, Duration> ages = new LinkedHashMap<>();
        PURPOSE_TRIGGERS.forEach(trigger -> ages.put(trigger, DEFAULT_MINIMUM_AGE));
        return ages;
    }
}
