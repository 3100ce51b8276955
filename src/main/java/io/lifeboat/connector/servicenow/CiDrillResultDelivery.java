package io.lifeboat.connector.servicenow;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.ServiceNowErrors;

/**
 * {@code servicenow ci.drill-result}: writes a drill's date, verdict and measured RTO to the configured fields of the
 * service's CI ({@code lifeboat.connectors.servicenow.cmdb.*}). A PATCH of the same values twice leaves the CI as once.
 * With {@code write-back} off, or for a service whose catalog entry names no CI, nothing is written (null).
 *
 * <p>Payload: {@code service} (catalog id; required), {@code finishedAt} (ISO-8601 instant; required),
 * {@code verdict} ({@code passed}, {@code failed}, {@code inconclusive}; required), {@code rtoSeconds} (absent when
 * the drill measured none: the field is then emptied).
 *
 * @return the CI's sys_id
 * @throws RemoteFailure 404, not retryable, when the CI the catalog names does not exist
 */
@Component
public class CiDrillResultDelivery implements Delivery {

    public static final String OPERATION = "ci.drill-result";

    private final ServiceNowCmdb cmdb;
    private final ServiceNow serviceNow;
    private final Catalog catalog;

    public CiDrillResultDelivery(ServiceNowCmdb cmdb, ServiceNow serviceNow, Catalog catalog) {
        this.cmdb = cmdb;
        this.serviceNow = serviceNow;
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
        ServiceNowProperties.Cmdb settings = serviceNow.properties().cmdb();
        Payload payload = new Payload(message);
        ServiceDefinition service = catalog.require(payload.text("service"));
        if (!settings.writeBack() || service.serviceNow() == null || service.serviceNow().ci() == null) {
            return null;
        }
        String ci = service.serviceNow().ci();
        String sysId = cmdb.find(ci).orElseThrow(() -> RemoteFailure.answered(ServiceNowErrors.PEER, 404, false, null,
                "no CI '" + ci + "' (service " + service.id() + ") in cmdb_ci")).sysId();
        Long rto = payload.optionalLong("rtoSeconds");
        ObjectNode fields = JsonNodeFactory.instance.objectNode()
                .put(settings.drillDateField(), GlideTime.format(payload.instant("finishedAt")))
                .put(settings.verdictField(), payload.text("verdict"))
                .put(settings.rtoField(), rto == null ? "" : rto.toString());
        cmdb.update(sysId, fields);
        return sysId;
    }
}
