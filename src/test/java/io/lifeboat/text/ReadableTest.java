package io.lifeboat.text;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadableTest {

    @Test
    void durationsReadAsPeopleWriteThemWithTheTwoLargestPartsAndNoZeroes() {
        assertThat(Readable.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Readable.duration(Duration.ofSeconds(750))).isEqualTo("12 min 30 s");
        assertThat(Readable.duration(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(Readable.duration(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
        assertThat(Readable.duration(Duration.ofHours(51).plusMinutes(59))).isEqualTo("2 d 3 h");
        assertThat(Readable.duration(Duration.ofDays(30))).isEqualTo("30 d");
    }

    @Test
    void timesAreMinutesInUtcAndSizesDecimal() {
        assertThat(Readable.time(Instant.parse("2026-12-01T19:56:42Z"))).isEqualTo("2026-12-01 19:56 UTC");
        assertThat(Readable.bytes(512)).isEqualTo("512 B");
        assertThat(Readable.bytes(12_400_000)).isEqualTo("12.4 MB");
    }
}
