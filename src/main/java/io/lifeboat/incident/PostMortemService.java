package io.lifeboat.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.incident.PostMortemActionItems.Item;
import io.lifeboat.incident.PostMortemActionItems.Status;
import io.lifeboat.text.Readable;

/**
 * The post-mortem's steps with side effects (draft, reminder, overdue escalation, close) and the people's decisions
 * (review, action item answers, escalation answer). Each leaves an audit event and an entry on the incident's
 * timeline, the decisions under the deciding user's name; the {@code post-mortem} runbook calls them through thin
 * delegates.
 */
@Service
public class PostMortemService {

    static final String ACTOR = "system:engine";
    static final String TIMELINE_KIND = "post-mortem";
    private static final int OUTCOME_MAX = 2000;

    private final IncidentRepository incidents;
    private final BackupRepository backups;
    private final PostMortemRepository postMortems;
    private final Catalog catalog;
    private final PostMortemDraft writer;
    private final AuditTrail audit;
    private final Clock clock;

    public PostMortemService(IncidentRepository incidents, BackupRepository backups, PostMortemRepository postMortems,
                             Catalog catalog, PostMortemDraft writer, AuditTrail audit, Clock clock) {
        this.incidents = incidents;
        this.backups = backups;
        this.postMortems = postMortems;
        this.catalog = catalog;
        this.writer = writer;
        this.audit = audit;
        this.clock = clock;
    }

    /** The draft and who reviews it. */
    public record Draft(String markdown, String ownerGroup) {
    }

    /** Writes the draft from history and records the post-mortem, so later incidents of the same failure link it. */
    public Draft draft(String incidentId, String serviceId) {
        Incident incident = incidents.find(incidentId)
                .orElseThrow(() -> new IllegalStateException("incident " + incidentId + " does not exist"));
        ServiceDefinition service = catalog.require(serviceId);
        List<String> alertNames = incident.alerts().stream().map(Incident.IncidentAlert::alertname).distinct().sorted().toList();
        String markdown = writer.write(incident, service, backups.list(serviceId, null),
                postMortems.earlier(serviceId, alertNames, PostMortemDraft.relatedSince(incident), incidentId));
        Instant now = clock.instant();
        postMortems.recordDraft(incident, alertNames, now);
        incidents.addTimeline(incidentId, now, ACTOR, TIMELINE_KIND,
                "Post-mortem drafted; blameless review by " + service.ownerGroup());
        audit.append(new AuditRecord(ACTOR, "post-mortem.drafted", subject(incidentId), serviceId, null, null,
                "review by " + service.ownerGroup()));
        return new Draft(markdown, service.ownerGroup());
    }

    /**
     * No mail system exists: the reminder is this timeline entry and audit event, the task's follow-up date and the
     * priority the runbook raises.
     */
    public void remindReviewers(String incidentId, String serviceId, String ownerGroup, Instant dueAt) {
        String text = "Reminder: the blameless review by " + ownerGroup + " is due " + Readable.time(dueAt)
                + "; its task's priority is raised to " + PostMortemRunbook.REMINDED_PRIORITY + " (no notification is sent)";
        incidents.addTimeline(incidentId, clock.instant(), ACTOR, TIMELINE_KIND, text);
        audit.append(new AuditRecord(ACTOR, "post-mortem.review-reminded", subject(incidentId), serviceId, null, null, text));
    }

    public void recordOverdueReview(String incidentId, String serviceId, String ownerGroup, Instant dueAt) {
        String text = "The blameless review by " + ownerGroup + " was due " + Readable.time(dueAt) + "; escalated to "
                + PostMortemRunbook.ESCALATION_GROUP;
        incidents.addTimeline(incidentId, clock.instant(), ACTOR, TIMELINE_KIND, text);
        audit.append(new AuditRecord(ACTOR, "post-mortem.review-overdue", subject(incidentId), serviceId, null, null, text));
    }

    /** The blameless review as its reviewer completed it: summary, root cause and the action items they named. */
    public void recordReview(String incidentId, String serviceId, String reviewer, String summary, String rootCause,
                             String actionItems) {
        String text = truncate("Blameless review: " + strip(summary) + " Root cause: " + strip(rootCause)
                + (actionItems == null || actionItems.isBlank() ? " No action items." : " Action items:\n" + actionItems.strip()));
        incidents.addTimeline(incidentId, clock.instant(), reviewer, TIMELINE_KIND, text);
        audit.append(new AuditRecord(reviewer, "post-mortem.reviewed", subject(incidentId), serviceId, null, strip(summary), text));
    }

    /** An owner's (or an owner group member's) answer to an action item, as {@link PostMortemActionItems#answer} checked it. */
    public void recordActionItemAnswer(String incidentId, String serviceId, String answeredBy, Item answered) {
        String text = truncate("Action item " + answered.status() + ": " + answered.text() + " (owner " + answered.owner()
                + ", due " + answered.due() + ")" + (answered.reason() == null ? "" : ": " + answered.reason()));
        incidents.addTimeline(incidentId, clock.instant(), answeredBy, TIMELINE_KIND, text);
        audit.append(new AuditRecord(answeredBy, "post-mortem.action-item-" + answered.status(), subject(incidentId), serviceId,
                null, answered.reason(), text));
    }

    /** What the commander did about an overdue review. */
    public void recordEscalation(String incidentId, String serviceId, String commander, String note) {
        String text = "Overdue review escalation answered: " + strip(note);
        incidents.addTimeline(incidentId, clock.instant(), commander, TIMELINE_KIND, truncate(text));
        audit.append(new AuditRecord(commander, "post-mortem.escalation-answered", subject(incidentId), serviceId, null,
                strip(note), null));
    }

    /**
     * Records the outcome: the review's summary and every item's answer, under the name of the reviewer, whose review
     * it closes.
     *
     * @return the outcome as stored
     */
    public String close(String incidentId, String serviceId, String reviewer, String summary, List<Item> items) {
        String outcome = truncate(outcome(summary, items));
        Instant now = clock.instant();
        postMortems.close(incidentId, outcome, now);
        incidents.addTimeline(incidentId, now, reviewer, TIMELINE_KIND, "Post-mortem closed: " + outcome);
        audit.append(new AuditRecord(reviewer, "post-mortem.closed", subject(incidentId), serviceId, null, null, outcome));
        return outcome;
    }

    static String outcome(String summary, List<Item> items) {
        String answers;
        if (items.isEmpty()) {
            answers = "no action items";
        } else {
            long done = items.stream().filter(item -> Status.DONE.value().equals(item.status())).count();
            answers = items.size() + " action items, " + done + " done, " + (items.size() - done) + " deferred"
                    + items.stream().filter(item -> Status.DEFERRED.value().equals(item.status()))
                    .map(item -> "; deferred: " + item.text() + " (" + item.owner() + "): " + item.reason())
                    .collect(Collectors.joining());
        }
        return answers + ". Summary: " + (summary == null ? "" : summary.strip());
    }

    static String subject(String incidentId) {
        return "post-mortem/" + incidentId;
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    private static String truncate(String text) {
        return text.length() <= OUTCOME_MAX ? text : text.substring(0, OUTCOME_MAX - 1) + "…";
    }
}
