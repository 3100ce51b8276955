package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

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
    }

    @Test
    void longestIntervalOfAMonthlyScheduleIsNotZero() {
        assertThat(new Schedule("0 0 2 1 * *").longestInterval()).isGreaterThanOrEqualTo(Duration.ofDays(28));
    }
}
