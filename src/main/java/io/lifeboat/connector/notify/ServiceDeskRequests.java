package io.lifeboat.connector.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import io.lifeboat.connector.Enqueued;
import io.lifeboat.connector.Outbox;
import io.lifeboat.connector.pagerduty.PagerDutyConnector;
import io.lifeboat.connector.servicenow.IncidentNoteDelivery;
import io.lifeboat.connector.servicenow.IncidentOpenDelivery;
import io.lifeboat.connector.servicenow.IncidentResolveDelivery;
import io.lifeboat.connector.servicenow.ServiceNow;

/**
 * The requests the runbooks' events make of ServiceNow and PagerDuty, queued in the outbox in the event's own
 * transaction. Each takes the outbox key of the message (unique per connector and operation: what makes it once per
 * step) and the ticket's key (ServiceNow's correlation id, PagerDuty's dedup key: the same for every message about
 * one ticket).
 */
@Component
class ServiceDeskRequests {

    private final Outbox outbox;
    private final ServiceNow serviceNow;
    private final PagerDutyConnector pagerDuty;
    private final ObjectMapper json;

    ServiceDeskRequests(Outbox outbox, ServiceNow serviceNow, PagerDutyConnector pagerDuty, ObjectMapper json) {
        this.outbox = outbox;
        this.serviceNow = serviceNow;
        this.pagerDuty = pagerDuty;
        this.json = json;
    }

    /** A ticket for the service's assignment group. Urgency and impact follow the severity. */
    Enqueued openTicket(String key, String ticket, String service, String severity, String shortDescription,
                        String description, String subject) {
        int level = switch (severity) {
            case "critical" -> 1;
            case "error" -> 2;
            default -> 3;
        };
        ObjectNode payload = json.createObjectNode().put("incident", ticket).put("service", service)
                .put("shortDescription", shortDescription).put("description", description)
                .put("urgency", level).put("impact", level);
        return outbox.enqueue(serviceNow, IncidentOpenDelivery.OPERATION, key, payload, subject);
    }

    /** A work note, or for a status update a customer-visible comment where ServiceNow is set up for them. */
    Enqueued noteOnTicket(String key, String ticket, String text, boolean statusUpdate, String subject) {
        ObjectNode payload = json.createObjectNode().put("incident", ticket).put("text", text).put("statusUpdate", statusUpdate);
        return outbox.enqueue(serviceNow, IncidentNoteDelivery.OPERATION, key, payload, subject);
    }

    Enqueued resolveTicket(String key, String ticket, String closeNotes, String subject) {
        ObjectNode payload = json.createObjectNode().put("incident", ticket).put("closeNotes", closeNotes);
        return outbox.enqueue(serviceNow, IncidentResolveDelivery.OPERATION, key, payload, subject);
    }

    /** Pages the on-call of the service's routing key; {@code eventClass} is PagerDuty's {@code class}. */
    Enqueued page(String key, String ticket, String service, String severity, String summary, String eventClass,
                  ObjectNode details, String subject) {
        ObjectNode payload = json.createObjectNode().put("service", service).put("dedupKey", ticket)
                .put("summary", summary).put("severity", severity).put("class", eventClass).put("group", service);
        payload.set("details", details);
        return outbox.enqueue(pagerDuty, PagerDutyConnector.EVENT_TRIGGER, key, payload, subject);
    }

    /** Whether {@link #page} queued a page under this outbox key: only then has PagerDuty an incident to write on. */
    boolean paged(String key) {
        return outbox.queued(pagerDuty, PagerDutyConnector.EVENT_TRIGGER, key);
    }

    /**
     * Whether notes and status updates can go on the page queued under this key: it was paged and the REST API is
     * set up (events need only a routing key, notes a token and a {@code From} user).
     */
    boolean pageTakesNotes(String key) {
        return pagerDuty.restConfigured() && paged(key);
    }

    Enqueued resolvePage(String key, String ticket, String service, String subject) {
        ObjectNode payload = json.createObjectNode().put("service", service).put("dedupKey", ticket);
        return outbox.enqueue(pagerDuty, PagerDutyConnector.EVENT_RESOLVE, key, payload, subject);
    }

    Enqueued noteOnPage(String key, String ticket, String content, String subject) {
        ObjectNode payload = json.createObjectNode().put("dedupKey", ticket).put("content", content);
        return outbox.enqueue(pagerDuty, PagerDutyConnector.INCIDENT_NOTE, key, payload, subject);
    }

    Enqueued statusUpdateOnPage(String key, String ticket, String message, String subject) {
        ObjectNode payload = json.createObjectNode().put("dedupKey", ticket).put("message", message);
        return outbox.enqueue(pagerDuty, PagerDutyConnector.INCIDENT_STATUS_UPDATE, key, payload, subject);
    }

    ObjectNode details() {
        return json.createObjectNode();
    }
}
