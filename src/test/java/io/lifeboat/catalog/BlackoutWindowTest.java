package io.lifeboat.catalog;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlackoutWindowTest {

    private static final BlackoutWindow BUSINESS_HOURS = new BlackoutWindow("business-hours",
            Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), ZoneId.of("Europe/Berlin"));
    private static final BlackoutWindow SATURDAY_NIGHT = new BlackoutWindow("saturday-night",
            Set.of(DayOfWeek.SATURDAY), LocalTime.of(23, 0), LocalTime.of(1, 0), ZoneId.of("UTC"));

    @Test
    void containsItsHoursInItsOwnZone() {
        // 2026-11-23 is a Monday; Berlin is UTC+1 in November
        assertThat(BUSINESS_HOURS.contains(Instant.parse("2026-11-23T08:00:00Z"))).isTrue();
        assertThat(BUSINESS_HOURS.contains(Instant.parse("2026-11-23T07:59:59Z"))).isFalse();
        assertThat(BUSINESS_HOURS.contains(Instant.parse("2026-11-23T16:00:00Z"))).isFalse();
        assertThat(BUSINESS_HOURS.contains(Instant.parse("2026-11-24T10:00:00Z"))).isFalse();
    }

    @Test
    void endsWhereItsOccurrenceEnds() {
        assertThat(BUSINESS_HOURS.endOfWindowContaining(Instant.parse("2026-11-23T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
        assertThat(BUSINESS_HOURS.endOfWindowContaining(Instant.parse("2026-11-23T17:00:00Z"))).isNull();
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItStarts() {
        assertThat(SATURDAY_NIGHT.endOfWindowContaining(Instant.parse("2026-11-28T23:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T01:00:00Z"));
        assertThat(SATURDAY_NIGHT.endOfWindowContaining(Instant.parse("2026-11-29T00:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T01:00:00Z"));
        assertThat(SATURDAY_NIGHT.contains(Instant.parse("2026-11-29T23:30:00Z"))).isFalse();
    }
}
