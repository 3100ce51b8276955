package io.lifeboat.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.lifeboat.backup.BackupRepository;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.incident.Incident;
import io.lifeboat.incident.IncidentRepository;
import io.lifeboat.incident.IncidentState;

/** Weighs every catalog service's backups by its retention rules, reading only: for a sweep and for a dry run alike. */
@Service
public class RetentionPlanner {

    private final Catalog catalog;
    private final BackupRepository backups;
    private final LegalHoldRepository holds;
    private final IncidentRepository incidents;
    private final RetentionProperties properties;
    private final Clock clock;

    public RetentionPlanner(Catalog catalog, BackupRepository backups, LegalHoldRepository holds, IncidentRepository incidents,
                            RetentionProperties properties, Clock clock) {
        this.catalog = catalog;
        this.backups = backups;
        this.holds = holds;
        this.incidents = incidents;
        this.properties = properties;
        this.clock = clock;
    }

    /** Each catalog service's plan as of now, in catalog order. */
    public List<ServicePlan> planEveryService() {
        Instant now = clock.instant();
        return catalog.services().stream().map(service -> plan(service, now)).toList();
    }

    private ServicePlan plan(ServiceDefinition service, Instant now) {
        List<Incident> ofService = incidents.list(service.id(), null);
        Set<String> open = ofService.stream().filter(incident -> incident.state() == IncidentState.OPEN).map(Incident::id)
                .collect(Collectors.toSet());
        Map<String, Instant> resolvedAt = ofService.stream().filter(incident -> incident.resolvedAt() != null)
                .collect(Collectors.toMap(Incident::id, Incident::resolvedAt));
        GfsRetention.Plan plan = GfsRetention.plan(backups.list(service.id(), null), service.backupPolicy().retention(),
                holds.heldBackupsOf(service.id()), new GfsRetention.Incidents(open, resolvedAt), now);
        return new ServicePlan(service.id(), plan,
                properties.needsApproval(plan.decisions().size(), plan.expired().size()));
    }

    /** @param needsApproval the plan deletes more than {@code lifeboat.retention.max-delete-fraction} of the backups */
    public record ServicePlan(String service, GfsRetention.Plan plan, boolean needsApproval) {
    }
}
