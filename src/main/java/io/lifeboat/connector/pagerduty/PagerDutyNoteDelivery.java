package io.lifeboat.connector.pagerduty;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;

/**
 * Delivers {@code incident.note}: a note on the PagerDuty incident of {@code dedupKey}, keyed by the message's key so
 * that a second delivery finds the note the first one posted ({@link PagerDutyIncidents#addNote}). Until PagerDuty
 * has opened the incident the delivery fails, to be retried. Returns the note's id.
 *
 * <p>Payload: {@code {"dedupKey": "INC-7", "content": "Emergency backup of ticket-db verified"}}, both required.
 */
final class PagerDutyNoteDelivery implements Delivery {

    static final String OPERATION = PagerDutyConnector.INCIDENT_NOTE;

    private final PagerDutyIncidents incidents;

    PagerDutyNoteDelivery(PagerDutyIncidents incidents) {
        this.incidents = incidents;
    }

    @Override
    public String connector() {
        return PagerDutyConnector.NAME;
    }

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public String deliver(OutboxMessage message) {
        return incidents.addNote(Payloads.required(message, "dedupKey"), message.key(), Payloads.required(message, "content"));
    }
}
