package io.lifeboat.connector.pagerduty;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;

/**
 * Delivers {@code incident.status-update}: a status update, mailed to the stakeholders of the PagerDuty incident of
 * {@code dedupKey}, unless that incident has one with the same text already ({@link PagerDutyIncidents#addStatusUpdate}).
 * Until PagerDuty has opened the incident the delivery fails, to be retried. Returns the status update's id.
 *
 * <p>Payload: {@code {"dedupKey": "INC-7", "message": "ticket-db is restored; next update 14:30 UTC"}}, both required.
 */
final class PagerDutyStatusUpdateDelivery implements Delivery {

    static final String OPERATION = PagerDutyConnector.INCIDENT_STATUS_UPDATE;

    private final PagerDutyIncidents incidents;

    PagerDutyStatusUpdateDelivery(PagerDutyIncidents incidents) {
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
        return incidents.addStatusUpdate(Payloads.required(message, "dedupKey"), Payloads.required(message, "message"));
    }
}
