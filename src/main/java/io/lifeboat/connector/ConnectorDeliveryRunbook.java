package io.lifeboat.connector;

import io.lifeboat.engine.ProcessVariable;
import io.lifeboat.security.Roles;

/**
 * The {@code connector-delivery} runbook ({@code processes/connector-delivery.bpmn}): an outbox message that could not
 * be delivered (refused for good, or out of attempts) waits for an operator, who sends it again for a new round of
 * attempts or discards it with a reason. The business key is the message's idempotency key.
 */
public final class ConnectorDeliveryRunbook {

    public static final String KEY = "connector-delivery";

    /** Who decides about a dead message. */
    public static final String CANDIDATE_GROUP = Roles.OPERATORS;

    /** The runbook's requester in {@code runbook_request}: no person asks for it, the dispatcher does. */
    public static final String REQUESTER = "system:outbox";

    /** The answers of {@link Variables#DECISION}. */
    public static final String RETRY = "retry";
    public static final String DISCARD = "discard";

    /** Element ids, as in the diagram. */
    public enum Element {
        MessageDead,
        DecideDelivery,
        DecisionGateway,
        RetryDelivery,
        DeliveryRetried,
        DiscardDelivery,
        DeliveryDiscarded;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        // facts for the form, as the dispatcher saw the message when it gave up; the steps read the message itself
        public static final ProcessVariable<Long> MESSAGE_ID = ProcessVariable.of("messageId", Long.class);
        public static final ProcessVariable<String> CONNECTOR = ProcessVariable.of("connector", String.class);
        public static final ProcessVariable<String> OPERATION = ProcessVariable.of("operation", String.class);
        public static final ProcessVariable<String> SUBJECT = ProcessVariable.of("subject", String.class);
        /** The message's payload as indented JSON: references to secrets, never their values. */
        public static final ProcessVariable<String> REQUEST = ProcessVariable.of("request", String.class);
        public static final ProcessVariable<Integer> ATTEMPTS = ProcessVariable.of("attempts", Integer.class);
        public static final ProcessVariable<String> LAST_ERROR = ProcessVariable.of("lastError", String.class);
        /** The operator's answer: {@link #RETRY} or {@link #DISCARD}. */
        public static final ProcessVariable<String> DECISION = ProcessVariable.of("decision", String.class);
        /** Required with {@link #DISCARD}. */
        public static final ProcessVariable<String> DISCARD_REASON = ProcessVariable.of("discardReason", String.class);
        /** Who decided: written on completion from the engine's authenticated user, after the submitted variables. */
        public static final ProcessVariable<String> DECIDED_BY = ProcessVariable.of("decidedBy", String.class);

        private Variables() {
        }
    }

    private ConnectorDeliveryRunbook() {
    }
}
