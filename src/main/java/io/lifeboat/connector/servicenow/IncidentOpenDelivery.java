package io.lifeboat.connector.servicenow;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;

/**
 * {@code servicenow incident.open}: opens, or reopens, the ServiceNow incident of the message's key
 * ({@link ServiceNowIncidents#open}); delivered twice, the second finds the first's ticket by its correlation id.
 *
 * <p>Payload: {@code service} (catalog id, required), {@code shortDescription} (required), {@code description}
 * (required), {@code urgency} and {@code impact} (1 high, 2 medium, 3 low; default 2), {@code incident} (the key the
 * ticket is correlated by: the Alertmanager fingerprint or the Lifeboat incident id; default the message's key). Two
 * Lifeboat incidents of one recurring alert are two messages with one {@code incident}: the second finds the first's
 * ticket and reopens it, or follows it up.
 *
 * @return the incident's number, e.g. {@code INC0010001}
 */
@Component
public class IncidentOpenDelivery implements Delivery {

    public static final String OPERATION = "incident.open";

    private final ServiceNowIncidents incidents;
    private final Catalog catalog;

    public IncidentOpenDelivery(ServiceNowIncidents incidents, Catalog catalog) {
        this.incidents = incidents;
        this.catalog = catalog;
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
        String key = payload.optionalText("incident");
        return incidents.open(new ServiceNowIncidents.NewIncident(key == null ? message.key() : key, catalog.require(payload.text("service")),
                payload.text("shortDescription"), payload.text("description"), payload.integer("urgency", 2),
                payload.integer("impact", 2))).number();
    }
}
