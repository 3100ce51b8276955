package io.lifeboat.connector;

import java.time.Clock;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a runbook step asks for a request to an outside system. The message is a row written in the step's own
 * transaction (the engine runs on Spring's transaction manager, so a delegate's JDBC joins its job): it exists exactly
 * when the step committed, and {@link OutboxDispatcher} delivers it afterwards, retrying as the peer allows.
 */
@Component
public class Outbox {

    /** ServiceNow's {@code correlation_id} holds 100 characters; the key is sent there and as PagerDuty's dedup_key. */
    public static final int MAX_KEY_LENGTH = 100;

    private final OutboxRepository repository;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    public Outbox(OutboxRepository repository, PlatformTransactionManager transactionManager, Clock clock) {
        this.repository = repository;
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * Queues one message, once per (connector, operation, key): the same step run again (an engine retry, a
     * redelivered alert) finds its first message and queues nothing more.
     *
     * @param payload what the delivery needs; secrets only as references, never their values
     * @param subject what the message is about (an incident id, a backup id), for people; messages of one connector
     *                and subject are delivered in the order they were queued
     * @return {@link Enqueued.NotConfigured} when the connector has no settings: nothing is queued
     * @throws IllegalArgumentException naming what is wrong: a blank or too long key, operation or subject, no payload
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public Enqueued enqueue(Connector connector, String operation, String key, ObjectNode payload, String subject) {
        check(connector, operation, key, payload, subject);
        if (!connector.configured()) {
            return new Enqueued.NotConfigured(connector.name(), connector.label());
        }
        var existing = repository.find(connector.name(), operation, key);
        if (existing.isPresent()) {
            return new Enqueued.Queued(existing.get(), true);
        }
        try {
            // in a savepoint: a concurrent step that inserted the same key first makes this insert fail, and on
            // PostgreSQL a failed statement would otherwise doom the caller's whole transaction
            Long id = savepoint.execute(status -> repository.insert(connector.name(), operation, key, payload.toString(),
                    subject, clock.instant()));
            return new Enqueued.Queued(id, false);
        } catch (DuplicateKeyException raced) {
            return new Enqueued.Queued(repository.find(connector.name(), operation, key).orElseThrow(() -> raced), true);
        }
    }

    /** Whether a message of this connector, operation and key was ever queued, whatever became of it. */
    public boolean queued(Connector connector, String operation, String key) {
        return repository.find(connector.name(), operation, key).isPresent();
    }

    private static void check(Connector connector, String operation, String key, ObjectNode payload, String subject) {
        if (connector == null) {
            throw new IllegalArgumentException("connector is required");
        }
        text("operation", operation, 80);
        text("key", key, MAX_KEY_LENGTH);
        if (subject != null) {
            text("subject", subject, 200);
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload is required (an empty object when the operation needs nothing)");
        }
    }

    private static void text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new IllegalArgumentException(field + " has " + value.codePointCount(0, value.length())
                    + " characters; at most " + maxLength + " fit: '" + value.substring(0, 40) + "...'");
        }
    }
}
