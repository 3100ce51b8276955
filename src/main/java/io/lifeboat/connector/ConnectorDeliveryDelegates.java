package io.lifeboat.connector;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.Decider;
import io.lifeboat.engine.RefusedAnswer;

import static io.lifeboat.connector.ConnectorDeliveryRunbook.DISCARD;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.RETRY;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.DECIDED_BY;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.DECISION;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.DISCARD_REASON;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.MESSAGE_ID;

/** The delegates of {@code processes/connector-delivery.bpmn}, by the bean names the diagram uses. */
@Configuration(proxyBeanMethods = false)
public class ConnectorDeliveryDelegates {

    /**
     * On completing the decision: refuses an answer that cannot be carried out (the task stays open) and records who
     * decided, as the engine authenticated them; the effect runs after an async boundary under that name.
     */
    @Bean
    TaskListener decideConnectorDelivery() {
        return task -> {
            String decision = DECISION.optionalFrom(task).orElse(null);
            if (!RETRY.equals(decision) && !DISCARD.equals(decision)) {
                throw new RefusedAnswer(DECISION.name(), DECISION.name() + " must be '" + RETRY + "' or '" + DISCARD
                        + "', not " + (decision == null ? "missing" : "'" + decision + "'"));
            }
            String reason = DISCARD_REASON.optionalFrom(task).map(String::strip).orElse("");
            if (DISCARD.equals(decision) && reason.isEmpty()) {
                throw new RefusedAnswer(DISCARD_REASON.name(), DISCARD_REASON.name()
                        + " is required to discard: say why the message need not reach its peer");
            }
            if (DISCARD.equals(decision)) {
                DISCARD_REASON.set(task, reason);
            }
            DECIDED_BY.set(task, Decider.of(task));
        };
    }

    @Bean
    JavaDelegate retryConnectorMessage(DeadMessages messages) {
        return execution -> messages.retry(MESSAGE_ID.from(execution), DECIDED_BY.from(execution));
    }

    @Bean
    JavaDelegate discardConnectorMessage(DeadMessages messages) {
        return execution -> messages.discard(MESSAGE_ID.from(execution), DECIDED_BY.from(execution),
                DISCARD_REASON.from(execution));
    }
}
