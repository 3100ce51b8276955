package io.lifeboat.connector.servicenow;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;
import io.lifeboat.connector.servicenow.ServiceNowChanges.ChangeType;

/**
 * {@code servicenow change.create}: the change request of the message's key, created once
 * ({@link ServiceNowChanges#create}: looked up by correlation id first).
 *
 * <p>Payload: {@code type} ({@code normal}, {@code standard} or {@code emergency}; required), {@code template} (the
 * standard change template's sys_id; required for a standard change only), {@code shortDescription} and
 * {@code description} (required), {@code service} (catalog id: its CI and assignment group), {@code plannedStart} and
 * {@code plannedEnd} (ISO-8601 instants), {@code justification}, {@code implementationPlan}, {@code backoutPlan}.
 *
 * @return the change's number, e.g. {@code CHG0010001}
 */
@Component
public class ChangeCreateDelivery implements Delivery {

    public static final String OPERATION = "change.create";

    private final ServiceNowChanges changes;
    private final Catalog catalog;

    public ChangeCreateDelivery(ServiceNowChanges changes, Catalog catalog) {
        this.changes = changes;
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
        String service = payload.optionalText("service");
        return changes.create(new ServiceNowChanges.NewChange(message.key(), ChangeType.of(payload.text("type")),
                payload.optionalText("template"), payload.text("shortDescription"), payload.text("description"),
                service == null ? null : catalog.require(service), payload.optionalInstant("plannedStart"),
                payload.optionalInstant("plannedEnd"), payload.optionalText("justification"),
                payload.optionalText("implementationPlan"), payload.optionalText("backoutPlan"))).number();
    }
}
