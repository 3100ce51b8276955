package io.lifeboat.catalog;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    @Test
    void longestIntervalOfARegularScheduleIsItsPeriod() {
        assertThat(new Schedule("0 */30 * * * *").longestInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(new Schedule("0 0 */6 * * *").longestInterval()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void longestIntervalOfAWeekdaySchedulePicksTheWeekendGap() {
        // Friday 23:00 to Monday 00:00
        assertThat(new Schedule("0 0 * * * MON-FRI").longestInterval()).isEqualTo(Duration.ofHours(49));
        // weekdays at 02:00: Friday to Monday is three days
        assertThat(new Schedule("0 0 2 * * MON-FRI").longestInterval()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void longestIntervalOfAMonthlyScheduleIsNotZero() {
        assertThat(new Schedule("0 0 2 1 * *").longestInterval()).isGreaterThanOrEqualTo(Duration.ofDays(28));
    }

    @Test
    void nextAfterIsInUtc() {
        assertThat(new Schedule("0 0 2 * * *").nextAfter(Instant.parse("2026-11-22T01:33:00Z")))
                .isEqualTo(Instant.parse("2026-11-22T02:00:00Z"));
    }

    @Test
    void aMalformedExpressionIsRefused() {
        assertThatThrownBy(() -> new Schedule("every hour")).isInstanceOf(IllegalArgumentException.class);
    }
}
