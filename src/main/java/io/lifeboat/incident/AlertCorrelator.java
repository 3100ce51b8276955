package io.lifeboat.incident;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertHandler;
import io.lifeboat.intake.AlertStatus;

/**
 * Turns stored alerts into incidents: an alert joins its service's open incident, so a storm on one service makes one
 * incident and one emergency backup; a firing alert with no open incident opens one (in triage when it matches no
 * service); a resolved alert without an open incident has nothing left to do.
 */
@Component
public class AlertCorrelator implements AlertHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AlertCorrelator.class);

    private final Catalog catalog;
    private final IncidentService incidents;

    public AlertCorrelator(Catalog catalog, IncidentService incidents) {
        this.catalog = catalog;
        this.incidents = incidents;
    }

    @Override
    public void handle(long alertId, Alert alert) {
        String actor = "alert:" + alert.source();
        String serviceId = serviceOf(alert).map(ServiceDefinition::id).orElse(null);
        Optional<String> open = incidents.openIncidentFor(serviceId, alert);
        if (open.isPresent()) {
            incidents.join(open.get(), alert, actor);
        } else if (alert.status() == AlertStatus.FIRING) {
            String title = alert.alertname() + (serviceId == null ? " (no matching service)" : " on " + serviceId);
            Incident incident = incidents.open(serviceId, alert.severity(), title, actor, alert);
            LOG.info("alert {} ({}) opened incident {}", alertId, alert.fingerprint(), incident.id());
        } else {
            LOG.info("alert {} ({}) resolved with no open incident; nothing to do", alertId, alert.fingerprint());
        }
    }

    private Optional<ServiceDefinition> serviceOf(Alert alert) {
        return catalog.serviceForLabels(alert.labels());
    }
}
