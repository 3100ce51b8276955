package io.lifeboat.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.lifeboat.http.RemoteFailure;

/**
 * Delivers due outbox messages through the {@link Delivery} of their connector and operation, one at a time in
 * creation order. Each message is claimed (and the claim committed) before the peer is called, and the outcome is
 * committed after the call, so no transaction stays open while a peer answers and two dispatchers (two nodes, two
 * passes) never send the same message at once. A node dying mid-call lets its claim expire; the message is sent again,
 * which each {@link Delivery} must survive (it looks the key up before creating).
 *
 * <p>A retryable failure waits (durably, in {@code next_attempt_at}) as the peer's Retry-After says, else on an
 * exponential backoff, and is DEAD once its attempts are spent; a failure no retry can mend (400, 401, 403, 404, an
 * unknown operation) is DEAD at once. A DEAD message becomes a task for operators ({@link DeadMessages}). While a
 * connector's circuit is open its messages are not sent and keep their attempts.
 */
@Component
public class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final OutboxRepository repository;
    private final Deliveries deliveries;
    private final ConnectorCircuits circuits;
    private final DeadMessages dead;
    private final OutboxMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final OutboxProperties properties;
    private final IntervalFunction backoff;

    public OutboxDispatcher(OutboxRepository repository, Deliveries deliveries, ConnectorCircuits circuits,
                            DeadMessages dead, OutboxMetrics metrics, PlatformTransactionManager transactionManager,
                            Clock clock, OutboxProperties properties) {
        this.repository = repository;
        this.deliveries = deliveries;
        this.circuits = circuits;
        this.dead = dead;
        this.metrics = metrics;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.properties = properties;
        this.backoff = IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0, properties.maxBackoff());
    }

    /** One pass over the due messages. @return how many were sent, successfully or not */
    public int dispatchDue() {
        List<OutboxRepository.Due> due;
        try {
            due = repository.due(clock.instant(), properties.batchSize());
        } catch (DataAccessException e) {
            LOG.warn("Outbox not readable, next try at the next pass: {}", e.toString());
            return 0;
        }
        Set<String> circuitOpen = new HashSet<>();
        int sent = 0;
        for (OutboxRepository.Due message : due) {
            if (circuitOpen.contains(message.connector())) {
                continue;
            }
            CircuitBreaker circuit = circuits.of(message.connector());
            Optional<OutboxRepository.Claim> claim = claim(message.id());
            if (claim.isEmpty()) {
                continue;
            }
            if (!circuit.tryAcquirePermission()) {
                circuitOpen.add(message.connector());
                metrics.count(message.connector(), OutboxMetrics.CIRCUIT_OPEN);
                transaction.executeWithoutResult(status -> repository.release(claim.get()));
                continue;
            }
            deliver(claim.get(), circuit);
            sent++;
        }
        return sent;
    }

    private Optional<OutboxRepository.Claim> claim(long id) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        return transaction.execute(status -> repository.claim(id, token, now, now.plus(properties.claimFor())));
    }

    private void deliver(OutboxRepository.Claim claim, CircuitBreaker circuit) {
        OutboxMessage message = claim.message();
        Optional<Delivery> delivery = deliveries.of(message.connector(), message.operation());
        if (delivery.isEmpty()) {
            circuit.releasePermission();
            giveUp(claim, null, "no delivery for operation '" + message.operation() + "' of connector '"
                    + message.connector() + "'");
            return;
        }
        long started = System.nanoTime();
        String remoteRef;
        try {
            remoteRef = delivery.get().deliver(message);
        } catch (RemoteFailure failure) {
            circuit.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            failed(claim, new Failure(failure.status(), failure.getMessage(), failure.retryable(),
                    failure.retryAfter().orElse(null)));
            return;
        } catch (IllegalArgumentException refused) {
            // the message cannot be sent as it is (a template naming a missing variable): no peer was asked
            circuit.releasePermission();
            failed(claim, new Failure(null, "not sent: " + refused.getMessage(), false, null));
            return;
        } catch (RuntimeException e) {
            // our side failed before an answer (a secret file unreadable): tried again, not held against the peer
            circuit.releasePermission();
            failed(claim, new Failure(null, "not sent: " + e, true, null));
            return;
        }
        circuit.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        record(claim, () -> repository.delivered(claim, remoteRef, clock.instant()), OutboxMetrics.DELIVERED);
    }

    private void failed(OutboxRepository.Claim claim, Failure failure) {
        OutboxMessage message = claim.message();
        if (!failure.retryable() || message.attempt() >= properties.attempts()) {
            LOG.warn("Outbox message {} ({} {}) is dead after attempt {}: {}", message.id(), message.connector(),
                    message.operation(), message.attempt(), failure.error());
            giveUp(claim, failure.status(), failure.error());
            return;
        }
        Duration wait = failure.retryAfter() != null ? failure.retryAfter()
                : Duration.ofMillis(backoff.apply(message.attempt()));
        LOG.info("Outbox message {} ({} {}) failed attempt {}, next in {}: {}", message.id(), message.connector(),
                message.operation(), message.attempt(), wait, failure.error());
        Instant now = clock.instant();
        record(claim, () -> repository.failed(claim, failure.status(), failure.error(), now.plus(wait), now),
                OutboxMetrics.RETRY);
    }

    private void giveUp(OutboxRepository.Claim claim, Integer status, String error) {
        record(claim, () -> {
            boolean recorded = repository.dead(claim, status, error, clock.instant());
            if (recorded) {
                dead.raise(claim.message(), error);
            }
            return recorded;
        }, OutboxMetrics.DEAD);
    }

    /** Commits an outcome; a lost claim (it expired, another dispatcher took over) leaves the record to that one. */
    private void record(OutboxRepository.Claim claim, BooleanSupplier outcome, String metric) {
        OutboxMessage message = claim.message();
        metrics.count(message.connector(), metric);
        try {
            if (!Boolean.TRUE.equals(transaction.execute(status -> outcome.getAsBoolean()))) {
                LOG.warn("Outbox message {}: the claim expired during attempt {}; its outcome ({}) is left to whoever"
                        + " holds it now", message.id(), message.attempt(), metric);
            }
        } catch (RuntimeException e) {
            // the claim expires and the message is sent again, which its delivery survives
            LOG.error("Outbox message {}: could not record the outcome ({}) of attempt {}", message.id(), metric,
                    message.attempt(), e);
        }
    }

    /** @param status the peer's, 0 without an answer, null when no peer was asked; @param retryAfter null: backoff */
    private record Failure(Integer status, String error, boolean retryable, Duration retryAfter) {
    }
}
