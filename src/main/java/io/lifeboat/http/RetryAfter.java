package io.lifeboat.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** How long a peer asked us to wait, read from its answer's headers. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * {@code Retry-After} as seconds or as an HTTP date (RFC 9110); without it, a rate-limit reset in seconds
     * ({@code ratelimit-reset}, PagerDuty's REST API). Header names are compared without case. Empty when neither is
     * there or readable.
     */
    public static Optional<Duration> from(Map<String, Collection<String>> headers, Clock clock) {
        return first(headers, "retry-after").flatMap(value -> parse(value, clock))
                .or(() -> first(headers, "ratelimit-reset").flatMap(RetryAfter::seconds));
    }

    static Optional<Duration> parse(String value, Clock clock) {
        Optional<Duration> seconds = seconds(value);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> first(Map<String, Collection<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey() != null && header.getKey().equalsIgnoreCase(name))
                .flatMap(header -> header.getValue().stream())
                .findFirst();
    }
}
