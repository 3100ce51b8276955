package io.lifeboat.connector;

import java.time.Clock;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.db.Sql;
import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;

import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.ATTEMPTS;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.CONNECTOR;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.LAST_ERROR;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.MESSAGE_ID;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.OPERATION;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.REQUEST;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.SUBJECT;

/**
 * Messages the dispatcher gave up on: each becomes a {@code connector-delivery} runbook for operators, and what they
 * decide (send again, discard) is carried out here and audited under their name.
 */
@Component
public class DeadMessages {

    private final OutboxRepository repository;
    private final RuntimeService runtime;
    private final RunbookRequests requests;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;

    public DeadMessages(OutboxRepository repository, RuntimeService runtime, RunbookRequests requests, AuditTrail audit,
                        ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.runtime = runtime;
        this.requests = requests;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** In the transaction that marks the message DEAD: a dead message always has its task. */
    void raise(OutboxMessage message, String error) {
        VariableMap variables = Variables.createVariables();
        MESSAGE_ID.put(variables, message.id());
        CONNECTOR.put(variables, message.connector());
        OPERATION.put(variables, message.operation());
        SUBJECT.put(variables, message.subject());
        REQUEST.put(variables, indented(message));
        ATTEMPTS.put(variables, message.attempt());
        LAST_ERROR.put(variables, Sql.fit(error, 4000));
        ProcessInstance instance = runtime.startProcessInstanceByKey(ConnectorDeliveryRunbook.KEY, message.key(), variables);
        requests.record(new RunbookRequest(instance.getId(), ConnectorDeliveryRunbook.KEY, message.key(),
                ConnectorDeliveryRunbook.REQUESTER, Sql.fit(error, 2000), clock.instant()));
        audit.append(new AuditRecord(ConnectorDeliveryRunbook.REQUESTER, "connector.message-dead", subject(message.id()),
                null, null, Sql.fit(error, 2000), describe(message) + " after " + message.attempt() + " attempt(s)"));
    }

    /** An operator's retry: the message is pending again, for a new round of attempts; the earlier ones stay on record. */
    public void retry(long messageId, String decidedBy) {
        if (!repository.retryDead(messageId, clock.instant())) {
            throw notDead(messageId);
        }
        audit.append(new AuditRecord(decidedBy, "connector.message-retried", subject(messageId), null, null, null,
                "sent again for a new round of attempts"));
    }

    /** An operator's discard: the message is never sent. */
    public void discard(long messageId, String decidedBy, String reason) {
        if (!repository.discardDead(messageId)) {
            throw notDead(messageId);
        }
        audit.append(new AuditRecord(decidedBy, "connector.message-discarded", subject(messageId), null, null,
                Sql.fit(reason, 2000), "not sent"));
    }

    private IllegalStateException notDead(long messageId) {
        return new IllegalStateException("outbox message " + messageId + " is "
                + repository.state(messageId).orElse("gone") + ", not DEAD: nothing to decide");
    }

    /** The audit trail's subject of an outbox message. */
    static String subject(long messageId) {
        return "outbox/" + messageId;
    }

    private static String describe(OutboxMessage message) {
        return message.connector() + " " + message.operation() + " " + message.key()
                + (message.subject() == null ? "" : " about " + message.subject());
    }

    private String indented(OutboxMessage message) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(message.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload of outbox message " + message.id() + " cannot be written", e);
        }
    }
}
