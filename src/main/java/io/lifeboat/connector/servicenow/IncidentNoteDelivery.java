package io.lifeboat.connector.servicenow;

import org.springframework.stereotype.Component;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;

/**
 * {@code servicenow incident.note}: a journal entry on the newest incident of a key, written once
 * ({@link ServiceNowIncidents#note}: the entry carries the message's key, which is looked for first).
 *
 * <p>Payload: {@code incident} (the incident's key, as its {@code incident.open} had it; required), {@code text}
 * (required), {@code statusUpdate} (true for a status update: it goes to the customer-visible {@code comments} when
 * {@code lifeboat.connectors.servicenow.customer-visible-updates} is true; anything else is an internal work note).
 * The message's key, unique per note, marks the entry.
 *
 * @return the incident's number
 */
@Component
public class IncidentNoteDelivery implements Delivery {

    public static final String OPERATION = "incident.note";

    private final ServiceNowIncidents incidents;
    private final ServiceNow serviceNow;

    public IncidentNoteDelivery(ServiceNowIncidents incidents, ServiceNow serviceNow) {
        this.incidents = incidents;
        this.serviceNow = serviceNow;
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
        boolean customerVisible = payload.bool("statusUpdate") && serviceNow.properties().customerVisibleUpdates();
        return incidents.note(payload.text("incident"), payload.text("text"), message.key(), customerVisible).number();
    }
}
