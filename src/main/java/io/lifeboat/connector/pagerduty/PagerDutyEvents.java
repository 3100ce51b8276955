package io.lifeboat.connector.pagerduty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import feign.FeignException;

import io.lifeboat.connector.pagerduty.PagerDutyEventsApi.Event;
import io.lifeboat.connector.pagerduty.PagerDutyEventsApi.Link;
import io.lifeboat.connector.pagerduty.PagerDutyEventsApi.Payload;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.secret.SecretReference;

/**
 * Pages through the Events API v2: trigger, acknowledge and resolve one alert by its dedup key ({@link DedupKey}).
 * PagerDuty deduplicates a trigger onto the open incident of the same routing key and dedup key, so sending one
 * twice opens one incident; after a resolve, a trigger opens a new one and acknowledge or resolve change nothing. The
 * caller passes the same routing key for every event of one alert. Every failure is a {@link RemoteFailure}.
 */
public final class PagerDutyEvents {

    /** PagerDuty's limit on {@code payload.summary}; a longer one is cut, as PagerDuty would refuse the event. */
    public static final int MAX_SUMMARY = 1024;
    static final String CLIENT = "Lifeboat";

    private final PagerDutyEventsApi api;

    PagerDutyEvents(PagerDutyEventsApi api) {
        this.api = api;
    }

    /** @return the dedup key PagerDuty filed the alert under */
    public String trigger(SecretReference routingKey, String dedupKey, Trigger trigger) {
        Payload payload = new Payload(summary(trigger.summary()), trigger.source(), trigger.severity().value(),
                trigger.timestamp() == null ? null : trigger.timestamp().toString(), trigger.component(), trigger.group(),
                trigger.eventClass(), trigger.details());
        return send(new Event(read(routingKey), "trigger", DedupKey.of(dedupKey), payload, CLIENT, trigger.clientUrl(),
                trigger.links().isEmpty() ? null : trigger.links()));
    }

    public String acknowledge(SecretReference routingKey, String dedupKey) {
        return send(new Event(read(routingKey), "acknowledge", DedupKey.of(dedupKey), null, null, null, null));
    }

    public String resolve(SecretReference routingKey, String dedupKey) {
        return send(new Event(read(routingKey), "resolve", DedupKey.of(dedupKey), null, null, null, null));
    }

    private String send(Event event) {
        try {
            return api.enqueue(event).dedupKey();
        } catch (FeignException e) {
            // a timeout or refused connection, or an answer Feign could not read; error answers are RemoteFailures already
            throw RemoteFailure.of(PagerDutyEventsErrors.PEER, e);
        }
    }

    private static String summary(String summary) {
        if (summary.length() <= MAX_SUMMARY) {
            return summary;
        }
        int end = MAX_SUMMARY - 1;
        // never half a surrogate pair
        return summary.substring(0, Character.isHighSurrogate(summary.charAt(end - 1)) ? end - 1 : end) + "…";
    }

    private static String read(SecretReference routingKey) {
        try {
            // a secret file usually ends in a newline that is not part of the key
            return routingKey.value().strip();
        } catch (IOException e) {
            // the reference names no secret, only where it should be
            throw new UncheckedIOException("PagerDuty routing key unreadable from " + routingKey, e);
        }
    }

    /** PagerDuty's four severities. */
    public enum Severity {
        CRITICAL, ERROR, WARNING, INFO;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the four for any other text */
        public static Severity of(String value) {
            return Arrays.stream(values()).filter(severity -> severity.value().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("severity must be one of "
                            + Arrays.stream(values()).map(Severity::value).collect(Collectors.joining(", ")) + ", not '" + value + "'"));
        }
    }

    /**
     * What a trigger says. {@code summary}, {@code source} and {@code severity} are required by PagerDuty; the rest
     * may be null ({@code links} empty).
     *
     * @param source    the affected system, preferably a host name
     * @param clientUrl the Lifeboat page of what the alert is about, shown beside the client name "Lifeboat"
     */
    public record Trigger(String summary, String source, Severity severity, Instant timestamp, String component,
                          String group, String eventClass, ObjectNode details, String clientUrl, List<Link> links) {

        public Trigger {
            if (summary == null || summary.isBlank()) {
                throw new IllegalArgumentException("a trigger needs a summary");
            }
            if (source == null || source.isBlank()) {
                throw new IllegalArgumentException("a trigger needs a source");
            }
            if (severity == null) {
                throw new IllegalArgumentException("a trigger needs a severity");
            }
            links = links == null ? List.of() : List.copyOf(links);
        }
    }
}
