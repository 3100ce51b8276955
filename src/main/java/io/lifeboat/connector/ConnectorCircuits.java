package io.lifeboat.connector;

import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lifeboat.http.RemoteFailure;

/**
 * One Resilience4j circuit breaker per connector, in this node's memory. Only failures a retry may mend count (no
 * answer, 429, 5xx): a peer refusing one malformed request is up, and must not hold back the others.
 */
@Component
public class ConnectorCircuits {

    private final CircuitBreakerRegistry registry;

    public ConnectorCircuits(OutboxProperties properties) {
        OutboxProperties.Circuit circuit = properties.circuit();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(circuit.failureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuit.window())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .waitDurationInOpenState(circuit.openFor())
                .permittedNumberOfCallsInHalfOpenState(circuit.halfOpenCalls())
                .recordException(failure -> failure instanceof RemoteFailure remote && remote.retryable())
                .build());
    }

    /** The connector's breaker, made on first use. */
    public CircuitBreaker of(String connector) {
        return registry.circuitBreaker(connector);
    }
}
