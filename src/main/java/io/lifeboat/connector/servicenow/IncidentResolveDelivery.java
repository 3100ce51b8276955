package io.lifeboat.connector.servicenow;

import org.springframework.stereotype.Component;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;

/**
 * {@code servicenow incident.resolve}: resolves the open incident of a key with the configured close code
 * ({@link ServiceNowIncidents#resolve}); once it is resolved, another delivery changes nothing.
 *
 * <p>Payload: {@code incident} (the incident's key; required), {@code closeNotes} (required).
 *
 * @return the incident's number
 */
@Component
public class IncidentResolveDelivery implements Delivery {

    public static final String OPERATION = "incident.resolve";

    private final ServiceNowIncidents incidents;

    public IncidentResolveDelivery(ServiceNowIncidents incidents) {
        this.incidents = incidents;
    }

    @Override
    public String connector() {
        return ServiceNow.NAME;
    }

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public String deliver(OutboxMessage message) {
        Payload payload = new Payload(message);
        return incidents.resolve(payload.text("incident"), payload.text("closeNotes")).number();
    }
}
