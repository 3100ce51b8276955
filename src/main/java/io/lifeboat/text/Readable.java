package io.lifeboat.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times, durations and sizes as people write them, for forms, task names, the timeline and post-mortem drafts. */
public final class Readable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private Readable() {
    }

    /** {@code 2026-12-01 19:56 UTC} */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** The two largest parts, the smaller left out when zero: {@code 2 d 3 h}, {@code 1 h}, {@code 1 h 5 min}, {@code 12 min 30 s}, {@code 45 s}. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds >= 86_400) {
            return parts(seconds / 86_400, "d", seconds % 86_400 / 3_600, "h");
        }
        if (seconds >= 3_600) {
            return parts(seconds / 3_600, "h", seconds % 3_600 / 60, "min");
        }
        if (seconds >= 60) {
            return parts(seconds / 60, "min", seconds % 60, "s");
        }
        return seconds + " s";
    }

    /** Decimal units with one decimal from kB on: {@code 512 B}, {@code 12.4 MB}. */
    public static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    private static String parts(long large, String largeUnit, long small, String smallUnit) {
        return large + " " + largeUnit + (small == 0 ? "" : " " + small + " " + smallUnit);
    }
}
