package io.lifeboat.connector.notify;

import java.util.Comparator;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.connector.Enqueued;
import io.lifeboat.incident.Incident;
import io.lifeboat.incident.IncidentMilestone;
import io.lifeboat.incident.IncidentService;
import io.lifeboat.incident.StatusUpdateApproved;

/**
 * What an incident tells the service desk, in the transaction of the step that records each milestone: classified,
 * it opens (or reopens) a ServiceNow incident and, when the classification says so, pages the commander; later
 * milestones are work notes (and notes on the page); resolved, it resolves both. Approved status updates go to both.
 *
 * <p>Every message about one incident carries one ticket key ({@link #ticketKey}): the first alert's source and
 * fingerprint ({@code alertmanager:cb072998a5b85684}), or the Lifeboat incident id for an incident declared by
 * hand. So the ServiceNow correlation id and the PagerDuty dedup key lead back to the alert and from it to the
 * incident (whose id is its runbook's business key), and a recurring alert finds the ticket its last incident had.
 */
@Component
class IncidentNotifications {

    private final ServiceDeskRequests requests;
    private final IncidentService incidents;

    IncidentNotifications(ServiceDeskRequests requests, IncidentService incidents) {
        this.requests = requests;
        this.incidents = incidents;
    }

    @EventListener
    public void on(IncidentMilestone milestone) {
        Incident incident = incidents.find(milestone.incidentId()).orElseThrow();
        String id = incident.id();
        String ticket = ticketKey(incident);
        switch (milestone.kind()) {
            case CLASSIFIED -> {
                Enqueued opened = requests.openTicket(id, ticket, milestone.service(), milestone.severity(), incident.title(),
                        "Lifeboat incident " + id + ": " + milestone.text(), id);
                remarkIfNotConfigured(id, opened, "no ServiceNow incident is opened");
                if (Boolean.TRUE.equals(milestone.pageCommander())) {
                    Enqueued paged = requests.page(id, ticket, milestone.service(), milestone.severity(),
                            incident.title() + " (" + milestone.service() + ", Lifeboat " + id + ")", "incident",
                            requests.details().put("incident", id).put("classification", milestone.text()), id);
                    remarkIfNotConfigured(id, paged, "the commander is not paged");
                }
            }
            case RESOLVED -> {
                requests.resolveTicket(id, ticket, milestone.text(), id);
                if (requests.paged(id)) {
                    requests.resolvePage(id, ticket, milestone.service(), id);
                }
            }
            default -> {
                String key = id + ":" + milestone.kind().value() + ":" + milestone.at().toEpochMilli();
                String note = heading(milestone.kind()) + ": " + milestone.text();
                requests.noteOnTicket(key, ticket, note, false, id);
                if (requests.pageTakesNotes(id)) {
                    requests.noteOnPage(key, ticket, note, id);
                }
            }
        }
    }

    @EventListener
    public void on(StatusUpdateApproved update) {
        Incident incident = incidents.find(update.incidentId()).orElseThrow();
        String id = incident.id();
        String ticket = ticketKey(incident);
        // one update per milestone and text: the same approval run twice sends nothing more
        String key = id + ":status:" + update.milestone() + ":" + Integer.toHexString(update.text().hashCode());
        requests.noteOnTicket(key, ticket, update.text(), true, id);
        if (requests.pageTakesNotes(id)) {
            requests.statusUpdateOnPage(key, ticket, update.text(), id);
        }
    }

    /** What a note says it is about; the milestone's text is the timeline's, terse. */
    private static String heading(IncidentMilestone.Kind kind) {
        return switch (kind) {
            case EMERGENCY_BACKUP_DONE -> "Emergency backup";
            case RESTORE_STARTED -> "Restore started";
            case RESTORE_FINISHED -> "Restore finished";
            case CLASSIFIED, RESOLVED -> throw new IllegalArgumentException(kind + " is not a note");
        };
    }

    /** The first alert's {@code source:fingerprint}; the incident id when it was declared without one. */
    static String ticketKey(Incident incident) {
        return incident.alerts().stream().min(Comparator.comparing(Incident.IncidentAlert::firstSeenAt))
                .map(alert -> alert.source() + ":" + alert.fingerprint())
                .orElse(incident.id());
    }

    private void remarkIfNotConfigured(String incidentId, Enqueued enqueued, String consequence) {
        if (enqueued instanceof Enqueued.NotConfigured notConfigured) {
            incidents.noteOnTimeline(incidentId, Enqueued.NotConfigured.ACTOR, Enqueued.NotConfigured.TIMELINE_KIND,
                    notConfigured.note() + ": " + consequence);
        }
    }
}
