package io.lifeboat.catalog;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.storage.StorageProperties;

/** Reads the {@code backupPolicy} of a service: schedule, method, retention, storage target, blackout windows. */
final class BackupPolicyReader {

    static final List<String> FIELDS = List.of("schedule", "method", "retention", "storageTarget", "incidentStorageTarget",
            "blackoutWindows");
    private static final List<String> RETENTION_FIELDS = List.of("daily", "weekly", "monthly", "keepLast", "minimumAge");
    private static final List<String> WINDOW_FIELDS = List.of("name", "days", "from", "to", "zone");
    /** STRICT so that '24:00' is refused instead of being read as midnight. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private static final ZoneId UTC = ZoneId.of("UTC");

    private final StorageProperties storage;

    BackupPolicyReader(StorageProperties storage) {
        this.storage = storage;
    }

    BackupPolicy read(YamlMapping policy) {
        String storageTarget = storageTarget(policy, "storageTarget", true);
        String incidentStorageTarget = storageTarget(policy, "incidentStorageTarget", false);
        return new BackupPolicy(
                schedule(policy, true),
                method(policy),
                policy.mapping("retention", false, RETENTION_FIELDS).map(this::retention).orElse(Retention.DEFAULT),
                storageTarget,
                incidentStorageTarget == null ? storageTarget : incidentStorageTarget,
                policy.mappings("blackoutWindows", false, WINDOW_FIELDS).stream()
                        .map(this::blackoutWindow).flatMap(Optional::stream).toList());
    }

    /** The {@code schedule} of a backup or drill policy; null when absent or bad (reported). */
    static Schedule schedule(YamlMapping policy, boolean required) {
        String cron = policy.text("schedule", required);
        if (cron == null) {
            return null;
        }
        Schedule schedule;
        try {
            schedule = new Schedule(cron);
        } catch (IllegalArgumentException e) {
            policy.problem("schedule", "'" + cron + "' is not a Spring cron expression"
                    + " (6 fields: second minute hour day-of-month month day-of-week): " + e.getMessage());
            return null;
        }
        try {
            schedule.longestInterval();
            return schedule;
        } catch (IllegalStateException e) {
            policy.problem("schedule", "'" + cron + "' never fires");
            return null;
        }
    }

    private static BackupMethod method(YamlMapping policy) {
        String method = policy.text("method", true);
        if (method == null) {
            return null;
        }
        for (BackupMethod candidate : BackupMethod.values()) {
            if (candidate.name().equalsIgnoreCase(method)) {
                return candidate;
            }
        }
        policy.problem("method", "unknown method '" + method + "'; expected full, incremental or differential");
        return null;
    }

    private Retention retention(YamlMapping retention) {
        return new Retention(
                count(retention, "daily", Retention.DEFAULT.daily(), 0),
                count(retention, "weekly", Retention.DEFAULT.weekly(), 0),
                count(retention, "monthly", Retention.DEFAULT.monthly(), 0),
                // the newest backup is always kept: a sweep never leaves a service without one
                count(retention, "keepLast", Retention.DEFAULT.keepLast(), 1),
                retention.mapping("minimumAge", false, Retention.PURPOSE_TRIGGERS).map(BackupPolicyReader::minimumAges)
                        .orElse(Retention.DEFAULT.minimumAge()));
    }

    private static int count(YamlMapping retention, String field, int defaultCount, int least) {
        Integer count = retention.integer(field, false);
        if (count == null) {
            return defaultCount;
        }
        if (count < least) {
            retention.problem(field, "must be " + least + " or more, not " + count);
        }
        return count;
    }

    /** The triggers the catalog names, over the defaults of the others. */
    private static Map<String, Duration> minimumAges(YamlMapping minimumAge) {
        Map<String, Duration> ages = Retention.defaultMinimumAges();
        for (String trigger : Retention.PURPOSE_TRIGGERS) {
            String text = minimumAge.text(trigger, false);
            if (text == null) {
                continue;
            }
            try {
                Duration age = Duration.parse(text);
                if (age.isNegative()) {
                    minimumAge.problem(trigger, "'" + text + "' must not be negative");
                }
                ages.put(trigger, age);
            } catch (DateTimeParseException e) {
                minimumAge.problem(trigger, "'" + text + "' is not an ISO-8601 duration (e.g. P30D, PT12H, P0D for none)");
            }
        }
        return ages;
    }

    /** The policy's storage targets, normal and incident, that are S3 buckets. */
    List<String> s3Targets(BackupPolicy policy) {
        if (policy == null) {
            return List.of();
        }
        return Stream.of(policy.storageTarget(), policy.incidentStorageTarget()).filter(Objects::nonNull).distinct()
                .filter(target -> storage.targets().containsKey(target) && storage.targets().get(target).isS3())
                .toList();
    }

    private String storageTarget(YamlMapping policy, String field, boolean required) {
        String target = policy.text(field, required);
        if (target != null && !storage.targets().containsKey(target)) {
            policy.problem(field, "unknown storage target '" + target + "'; known targets: "
                    + namesOrNone(storage.targets().keySet()));
        }
        return target;
    }

    private Optional<BlackoutWindow> blackoutWindow(YamlMapping window) {
        String name = window.text("name", true);
        Set<DayOfWeek> days = days(window);
        LocalTime from = time(window, "from");
        LocalTime to = time(window, "to");
        ZoneId zone = zone(window);
        if (from != null && from.equals(to)) {
            window.problem("to", "from and to are both '" + from + "': the window would be empty");
            return Optional.empty();
        }
        if (name == null || days == null || from == null || to == null || zone == null) {
            return Optional.empty();
        }
        return Optional.of(new BlackoutWindow(name, days, from, to, zone));
    }

    private static Set<DayOfWeek> days(YamlMapping window) {
        List<String> texts = window.texts("days", true);
        if (texts.isEmpty()) {
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean allGood = true;
        for (int i = 0; i < texts.size(); i++) {
            Optional<DayOfWeek> day = Optional.ofNullable(texts.get(i)).flatMap(BackupPolicyReader::day);
            if (day.isPresent()) {
                days.add(day.get());
            } else {
                allGood = false;
                if (texts.get(i) != null) {
                    window.problem("days[" + i + "]", "'" + texts.get(i) + "' is not a day (MONDAY..SUNDAY or MON..SUN)");
                }
            }
        }
        return allGood ? Set.copyOf(days) : null;
    }

    /** Full or three-letter English day names, in any case. */
    private static Optional<DayOfWeek> day(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    private static LocalTime time(YamlMapping window, String field) {
        String text = window.text(field, true);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text, TIME);
        } catch (DateTimeException e) {
            window.problem(field, "'" + text + "' is not a time (HH:mm)");
            return null;
        }
    }

    private static ZoneId zone(YamlMapping window) {
        String text = window.text("zone", false);
        if (text == null) {
            return UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            window.problem("zone", "'" + text + "' is not a time zone (e.g. UTC, Europe/Berlin)");
            return null;
        }
    }

    static String namesOrNone(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }
}
