package io.lifeboat.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/** A backup schedule: a Spring cron expression, evaluated in UTC. */
public record Schedule(String cron) {

    /** Eight days of fire times cover every weekly pattern; a schedule that fires less often is treated as its first gap. */
    private static final Duration HORIZON = Duration.ofDays(8);

    /** @throws IllegalArgumentException naming the problem when the expression is malformed */
    public Schedule {
        CronExpression.parse(cron);
    }

    public Instant nextAfter(Instant instant) {
        ZonedDateTime next = CronExpression.parse(cron).next(instant.atZone(ZoneOffset.UTC));
        if (next == null) {
            throw new IllegalStateException("schedule '" + cron + "' never fires after " + instant);
        }
        return next.toInstant();
    }

    /** The longest gap between two runs: the most data a schedule can lose, to be compared with the RPO. */
    public Duration longestInterval() {
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        Instant previous = nextAfter(start);
        Duration longest = Duration.ZERO;
        // at least one gap: a schedule whose first run lies beyond the horizon (monthly, yearly) is not "every 0s"
        do {
            Instant next = nextAfter(previous);
            Duration gap = Duration.between(previous, next);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = next;
        } while (previous.isBefore(start.plus(HORIZON)));
        return longest;
    }
}
