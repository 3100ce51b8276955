package io.lifeboat.connector;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox's delivery ({@code lifeboat.connectors.outbox.*}), checked at start-up.
 *
 * @param enabled        false: no scheduled passes (tests run {@link OutboxDispatcher#dispatchDue()} themselves)
 * @param pollInterval   how often the dispatcher looks for due messages
 * @param batchSize      at most this many due messages per pass
 * @param attempts       attempts per round before a retryable failure makes the message DEAD
 * @param initialBackoff the wait after the first failed attempt, doubled after each further one (PagerDuty advises
 *                       30 s), unless the peer's Retry-After says otherwise
 * @param maxBackoff     the longest wait between two attempts
 * @param claimFor       how long a dispatcher holds a message while it calls the peer; another node may take it
 *                       over after that, so it must be well above the connectors' read timeouts
 * @param circuit        the circuit breaker each connector has
 */
@ConfigurationProperties("lifeboat.connectors.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT2S") Duration pollInterval,
                               @DefaultValue("50") int batchSize, @DefaultValue("8") int attempts,
                               @DefaultValue("PT30S") Duration initialBackoff, @DefaultValue("PT5M") Duration maxBackoff,
                               @DefaultValue("PT5M") Duration claimFor, @DefaultValue Circuit circuit) {

    private static final String PREFIX = "lifeboat.connectors.outbox.";

    public OutboxProperties {
        positive(pollInterval, "poll-interval");
        positive(initialBackoff, "initial-backoff");
        positive(maxBackoff, "max-backoff");
        positive(claimFor, "claim-for");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(PREFIX + "max-backoff (" + maxBackoff + ") is shorter than initial-backoff ("
                    + initialBackoff + ")");
        }
        if (batchSize < 1 || attempts < 1) {
            throw new IllegalArgumentException(PREFIX + "batch-size and attempts must be at least 1");
        }
    }

    /**
     * A connector's circuit opens when at least {@code failureRate} percent of the last {@code window} calls (and at
     * least {@code minimumCalls}) failed with a retryable failure; it stays open {@code openFor}, then lets
     * {@code halfOpenCalls} through to see whether the peer is back.
     */
    public record Circuit(@DefaultValue("50") float failureRate, @DefaultValue("10") int window,
                          @DefaultValue("5") int minimumCalls, @DefaultValue("PT1M") Duration openFor,
                          @DefaultValue("1") int halfOpenCalls) {

        public Circuit {
            positive(openFor, "circuit.open-for");
            if (failureRate <= 0 || failureRate > 100 || window < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
                throw new IllegalArgumentException(PREFIX + "circuit: failure-rate must be in (0, 100], window,"
                        + " minimum-calls and half-open-calls at least 1");
            }
        }
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be a positive duration, not " + duration);
        }
    }
}
