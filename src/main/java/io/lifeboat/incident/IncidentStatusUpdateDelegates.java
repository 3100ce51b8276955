package io.lifeboat.incident;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.Decider;

import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.APPROVED_BY;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.CUSTOMER_VISIBLE;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.MILESTONE;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.MILESTONE_TEXT;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.STATUS_TEXT;

/** The {@code incident-status-update} runbook's delegates and listener, by the bean names its diagram uses. */
@Configuration(proxyBeanMethods = false)
public class IncidentStatusUpdateDelegates {

    @Bean
    JavaDelegate renderStatusUpdate(StatusUpdates updates) {
        return execution -> STATUS_TEXT.set(execution, updates.render(INCIDENT_ID.from(execution), MILESTONE.from(execution),
                MILESTONE_TEXT.from(execution)));
    }

    /**
     * On completing the approval: the text the commander sends must be there and fit (400, the task stays open); who
     * approved is the user the engine authenticated, written after the submitted variables.
     */
    @Bean
    TaskListener approveStatusUpdate() {
        return task -> {
            STATUS_TEXT.set(task, StatusUpdates.check(STATUS_TEXT.optionalFrom(task).orElse(null)));
            CUSTOMER_VISIBLE.set(task, CUSTOMER_VISIBLE.optionalFrom(task).orElse(false));
            APPROVED_BY.set(task, Decider.of(task));
        };
    }

    @Bean
    JavaDelegate sendStatusUpdate(StatusUpdates updates) {
        return execution -> updates.send(INCIDENT_ID.from(execution), MILESTONE.from(execution), STATUS_TEXT.from(execution),
                CUSTOMER_VISIBLE.from(execution), APPROVED_BY.from(execution));
    }
}
