package io.lifeboat.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.incident.IncidentMilestone.Kind;
import io.lifeboat.restore.RestoreRecord;
import io.lifeboat.restore.RestoreService;
import io.lifeboat.text.Readable;

import static io.lifeboat.db.Sql.fit;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.MAX_TEXT;
import static io.lifeboat.incident.IncidentStatusUpdateRunbook.Variables.STATUS_TEXT;

/**
 * The {@code incident-status-update} runbook's work: the update rendered from its milestone's template with the
 * incident as it stands now, the commander's text checked, and the approved update on the timeline, in the audit
 * trail and published ({@link StatusUpdateApproved}) for the connectors.
 */
@Service
class StatusUpdates {

    private final IncidentRepository incidents;
    private final Catalog catalog;
    private final RestoreService restores;
    private final HistoryService history;
    private final StatusTemplates templates;
    private final StatusUpdateProperties properties;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    StatusUpdates(IncidentRepository incidents, Catalog catalog, RestoreService restores, HistoryService history,
                  StatusTemplates templates, StatusUpdateProperties properties, AuditTrail audit,
                  ApplicationEventPublisher events, Clock clock) {
        this.incidents = incidents;
        this.catalog = catalog;
        this.restores = restores;
        this.history = history;
        this.templates = templates;
        this.properties = properties;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The milestone's template filled in, cut to what the timeline holds. */
    String render(String incidentId, String milestone, String milestoneText) {
        Incident incident = require(incidentId);
        ServiceDefinition service = catalog.require(incident.service());
        Instant now = clock.instant();
        StatusUpdatePage page = new StatusUpdatePage(
                new StatusUpdatePage.Incident(incident.id(), incident.title(), incident.severity(), incident.state().name(),
                        Readable.time(incident.openedAt())),
                shown(service),
                catalog.usedBy(service.id()).stream().map(catalog::find).flatMap(Optional::stream)
                        .map(StatusUpdates::shown).toList(),
                milestoneText, restore(incidentId, service.id()),
                Readable.time(now.plus(properties.cadence().forTier(service.tier()))), Readable.time(now));
        return fit(templates.render(Kind.parse(milestone), page).strip(), MAX_TEXT);
    }

    /** @throws RefusedAnswer for an empty or too long text; the task stays open */
    static String check(String text) {
        if (text == null || text.isBlank()) {
            throw new RefusedAnswer(STATUS_TEXT.name(), STATUS_TEXT.name() + " is required: the update to send");
        }
        if (text.strip().length() > MAX_TEXT) {
            throw new RefusedAnswer(STATUS_TEXT.name(), STATUS_TEXT.name() + " has " + text.strip().length()
                    + " characters; at most " + MAX_TEXT + " fit");
        }
        return text.strip();
    }

    /** The approved update on the timeline and in the audit trail under the approver's name, and published. */
    void send(String incidentId, String milestone, String text, boolean customerVisible, String approvedBy) {
        Incident incident = require(incidentId);
        incidents.addTimeline(incidentId, clock.instant(), approvedBy, "status-update",
                "status update (" + milestone + (customerVisible ? ", customer-visible" : "") + ") sent: " + text);
        audit.append(new AuditRecord(approvedBy, "status-update.sent", IncidentService.subject(incidentId), incident.service(),
                null, milestone + (customerVisible ? ", customer-visible" : ""), text));
        events.publishEvent(new StatusUpdateApproved(incidentId, incident.service(), milestone, text, customerVisible, approvedBy));
    }

    /** The incident's newest restore and where it stands, or null when it has none. */
    private StatusUpdatePage.Restore restore(String incidentId, String serviceId) {
        return restores.list(serviceId, null).stream().filter(restore -> incidentId.equals(restore.incidentId()))
                .max(Comparator.comparing(RestoreRecord::requestedAt))
                .map(restore -> new StatusUpdatePage.Restore(restore.id(), restore.state().name(), step(restore)))
                .orElse(null);
    }

    private String step(RestoreRecord restore) {
        if (!restore.state().open() || restore.processInstanceId() == null) {
            return restore.failedStep() == null ? "none" : restore.failedStep();
        }
        List<String> at = history.createHistoricActivityInstanceQuery().processInstanceId(restore.processInstanceId())
                .unfinished().list().stream().map(HistoricActivityInstance::getActivityName).filter(Objects::nonNull).toList();
        return at.isEmpty() ? "none" : at.stream().distinct().collect(Collectors.joining(", "));
    }

    private Incident require(String incidentId) {
        return incidents.findWithoutDetails(incidentId).orElseThrow(() -> new UnknownIncidentException(incidentId));
    }

    private static StatusUpdatePage.Service shown(ServiceDefinition service) {
        return new StatusUpdatePage.Service(service.id(), service.name(), service.tier());
    }
}
