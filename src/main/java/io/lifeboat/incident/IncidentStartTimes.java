package io.lifeboat.incident;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.lifeboat.restore.IncidentStarts;

/** A restore's RPO reference: when the incident it brings a service back for was opened. */
@Component
class IncidentStartTimes implements IncidentStarts {

    private final IncidentRepository incidents;

    IncidentStartTimes(IncidentRepository incidents) {
        this.incidents = incidents;
    }

    @Override
    public Optional<Instant> startOf(String incidentId) {
        return incidents.findWithoutDetails(incidentId).map(Incident::openedAt);
    }
}
