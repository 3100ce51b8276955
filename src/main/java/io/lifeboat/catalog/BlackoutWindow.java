package io.lifeboat.catalog;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A weekly window in which scheduled backups must not run, e.g. the service desk's busiest hours.
 * {@code from} is inclusive, {@code to} exclusive; a window with {@code to} before {@code from} runs past midnight
 * and belongs to the day it starts on.
 */
public record BlackoutWindow(String name, Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    public boolean contains(Instant instant) {
        return endOfWindowContaining(instant) != null;
    }

    /** When the window that contains {@code instant} ends, or null if {@code instant} is outside every occurrence. */
    public Instant endOfWindowContaining(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        // the occurrence that started today, or (for windows past midnight) yesterday
        for (int daysBack = 0; daysBack <= 1; daysBack++) {
            ZonedDateTime day = local.minusDays(daysBack);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime start = day.with(from);
            ZonedDateTime end = to.isAfter(from) ? day.with(to) : day.plusDays(1).with(to);
            if (!local.isBefore(start) && local.isBefore(end)) {
                return end.toInstant();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + " (" + days + " " + from + "-" + to + " " + zone + ")";
    }
}
