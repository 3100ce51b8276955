package io.lifeboat.connector.notify;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.connector.Enqueued;
import io.lifeboat.connector.Outbox;
import io.lifeboat.connector.notify.ServiceTickets.Problem;
import io.lifeboat.connector.notify.ServiceTickets.Ticket;
import io.lifeboat.connector.servicenow.CiDrillResultDelivery;
import io.lifeboat.connector.servicenow.ServiceNow;
import io.lifeboat.drill.DrillFinished;

/**
 * A failed drill opens one ServiceNow incident for the owner group and pages; so does a drill inconclusive twice,
 * which operators now have to look at. The next passed drill of the service resolves both. With the CMDB write-back
 * on, every verdict goes to the service's CI. All in the transaction that records the verdict.
 */
@Component
class DrillNotifications {

    private final ServiceDeskRequests requests;
    private final ServiceTickets tickets;
    private final Outbox outbox;
    private final ServiceNow serviceNow;
    private final Catalog catalog;
    private final ObjectMapper json;
    private final Clock clock;

    DrillNotifications(ServiceDeskRequests requests, ServiceTickets tickets, Outbox outbox, ServiceNow serviceNow,
                       Catalog catalog, ObjectMapper json, Clock clock) {
        this.requests = requests;
        this.tickets = tickets;
        this.outbox = outbox;
        this.serviceNow = serviceNow;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    public void on(DrillFinished drill) {
        if (serviceNow.configured() && serviceNow.properties().cmdb().writeBack()) {
            writeBack(drill);
        }
        if ("passed".equals(drill.verdict())) {
            passed(drill);
        } else if ("failed".equals(drill.verdict()) || drill.raisedToOperators()) {
            problem(drill);
        }
    }

    private void problem(DrillFinished drill) {
        var open = tickets.open(Problem.DRILL_FAILED, drill.service());
        String text = "Drill " + drill.drillId() + " " + (drill.raisedToOperators() ? "inconclusive a second time" : "failed")
                + ": " + drill.findings() + " Report: " + drill.reportUrl();
        if (open.isPresent()) {
            requests.noteOnTicket(open.get().key() + ":" + drill.drillId(), open.get().key(), text, false, open.get().key());
            return;
        }
        ServiceDefinition service = catalog.require(drill.service());
        String key = "lifeboat:drill:" + drill.drillId();
        String summary = "Restore drill of " + service.name() + (drill.raisedToOperators() ? " inconclusive twice" : " failed");
        Enqueued opened = requests.openTicket(key, key, service.id(), "error", summary,
                text + " This ticket is resolved when a later drill of the service passes.", key);
        Enqueued paged = requests.page(key, key, service.id(), drill.raisedToOperators() ? "warning" : "error", summary, "drill",
                requests.details().put("drill", drill.drillId()).put("findings", drill.findings()).put("report", drill.reportUrl()), key);
        if (!(opened instanceof Enqueued.NotConfigured) || !(paged instanceof Enqueued.NotConfigured)) {
            tickets.opened(Problem.DRILL_FAILED, service.id(), new Ticket(key, !(paged instanceof Enqueued.NotConfigured)), clock.instant());
        }
    }

    private void passed(DrillFinished drill) {
        tickets.open(Problem.DRILL_FAILED, drill.service()).ifPresent(ticket -> {
            String notes = "Drill " + drill.drillId() + " passed: " + drill.findings();
            requests.resolveTicket(ticket.key(), ticket.key(), notes, ticket.key());
            if (ticket.paged()) {
                requests.resolvePage(ticket.key(), ticket.key(), drill.service(), ticket.key());
            }
            tickets.resolved(Problem.DRILL_FAILED, drill.service(), clock.instant());
        });
    }

    private void writeBack(DrillFinished drill) {
        ObjectNode payload = json.createObjectNode().put("service", drill.service())
                .put("finishedAt", clock.instant().toString()).put("verdict", drill.verdict());
        if (drill.rtoSeconds() != null) {
            payload.put("rtoSeconds", drill.rtoSeconds());
        }
        String key = "lifeboat:drill-result:" + drill.drillId();
        outbox.enqueue(serviceNow, CiDrillResultDelivery.OPERATION, key, payload, "ci:" + drill.service());
    }
}
