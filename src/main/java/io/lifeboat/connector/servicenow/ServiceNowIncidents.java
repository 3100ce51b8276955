package io.lifeboat.connector.servicenow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.ServiceNowErrors;
import io.lifeboat.servicenow.TableQuery;
import io.lifeboat.text.Readable;

/**
 * ServiceNow incidents for Lifeboat's keys (integrations.md §3.2), each call safe to repeat: a ticket is looked up by
 * its {@link CorrelationId} before one is created, reopened, noted or resolved.
 *
 * <p>Opening for a key whose tickets are all inactive: the newest one reopens (state In Progress and a work note) when
 * it is Resolved and its {@code resolved_at} lies within {@code reopen-within}; a Closed or Canceled one is final in
 * ServiceNow's incident model, and an older one is history, so a new ticket opens with the next correlation id
 * ({@code <id>:2}) and a description naming the old number.
 *
 * <p>The ticket goes to the service's catalog CI and assignment group ({@code serviceNow} block), else to the group
 * named like its {@code ownerGroup}, with no CI ({@link References#route}); what could not be routed is said in its
 * first work note.
 */
@Component
public class ServiceNowIncidents {

    /** {@code correlation_display}: which system the correlation id belongs to. */
    public static final String CORRELATION_DISPLAY = "Lifeboat";
    static final String RESOLVED = "6";
    static final String CLOSED = "7";
    private static final String IN_PROGRESS = "2";
    private static final List<String> FIELDS = List.of("sys_id", "number", "state", "active", "correlation_id",
            "resolved_at", "closed_at");

    private final ServiceNow serviceNow;
    private final ServiceNowCmdb cmdb;
    private final Clock clock;

    public ServiceNowIncidents(ServiceNow serviceNow, ServiceNowCmdb cmdb, Clock clock) {
        this.serviceNow = serviceNow;
        this.cmdb = cmdb;
        this.clock = clock;
    }

    /** An incident to open; urgency and impact are 1 (high), 2 (medium) or 3 (low). */
    public record NewIncident(String key, ServiceDefinition service, String shortDescription, String description,
                              int urgency, int impact) {

        public NewIncident {
            if (urgency < 1 || urgency > 3 || impact < 1 || impact > 3) {
                throw new IllegalArgumentException("urgency and impact are 1 (high), 2 (medium) or 3 (low), not "
                        + urgency + " and " + impact);
            }
        }
    }

    /** What {@link #open} did. */
    public enum Outcome { CREATED, REOPENED, ALREADY_OPEN }

    /** A ticket of a key. */
    public record Ticket(String sysId, String number, String correlationId, String state, Outcome outcome) {

        static Ticket of(ObjectNode row, Outcome outcome) {
            return new Ticket(row.path("sys_id").asText(), row.path("number").asText(),
                    row.path("correlation_id").asText(), row.path("state").asText(), outcome);
        }

    }

    /** ServiceNow's own {@code active}: true below Resolved, whatever states the instance has. */
    private static boolean active(ObjectNode row) {
        return "true".equals(row.path("active").asText());
    }

    /** The key's open ticket, else its newest reopened, else a new one. */
    public Ticket open(NewIncident incident) {
        List<ObjectNode> tickets = tickets(incident.key());
        Optional<ObjectNode> active = tickets.stream().filter(ServiceNowIncidents::active).findFirst();
        if (active.isPresent()) {
            return Ticket.of(active.get(), Outcome.ALREADY_OPEN);
        }
        if (tickets.isEmpty()) {
            return create(incident, 1, null);
        }
        ObjectNode newest = tickets.get(0);
        if (reopenable(newest)) {
            ObjectNode reopen = JsonNodeFactory.instance.objectNode().put("state", IN_PROGRESS)
                    .put("work_notes", "Reopened by Lifeboat: " + incident.shortDescription() + " (resolved less than "
                            + Readable.duration(serviceNow.properties().reopenWithin()) + " ago). " + incident.description());
            return Ticket.of(serviceNow.table().update("incident", newest.path("sys_id").asText(), fields(), reopen),
                    Outcome.REOPENED);
        }
        int generation = CorrelationId.generation(incident.key(), newest.path("correlation_id").asText()).orElse(1) + 1;
        return create(incident, generation, newest);
    }

    /**
     * Adds a journal entry to the key's newest ticket, once: the entry ends with {@code [Lifeboat <marker>]}, and an
     * entry with that marker already there is not written again.
     *
     * @param customerVisible to {@code comments}, which the caller sees, instead of the internal {@code work_notes}
     * @throws RemoteFailure (404, retryable) while the key has no ticket: its opening may still be on its way
     */
    public Ticket note(String key, String text, String marker, boolean customerVisible) {
        ObjectNode ticket = newest(key);
        String sysId = ticket.path("sys_id").asText();
        String field = customerVisible ? "comments" : "work_notes";
        String mark = "[Lifeboat " + marker.replace('^', '_') + "]";
        boolean written = serviceNow.table().first("sys_journal_field", TableQuery.raw()
                .where("element_id=" + sysId + "^element=" + field + "^valueLIKE" + mark).fields(List.of("sys_id"))).isPresent();
        if (!written) {
            serviceNow.table().update("incident", sysId, fields(),
                    JsonNodeFactory.instance.objectNode().put(field, text + "\n\n" + mark));
        }
        return Ticket.of(ticket, null);
    }

    /**
     * Resolves the key's open ticket (state Resolved with the configured close code and these notes); a key whose
     * tickets are all resolved already is left as it is.
     *
     * @return the ticket resolved, or the newest one when none was open
     */
    public Ticket resolve(String key, String closeNotes) {
        List<ObjectNode> tickets = tickets(key);
        Optional<ObjectNode> active = tickets.stream().filter(ServiceNowIncidents::active).findFirst();
        if (active.isEmpty()) {
            return Ticket.of(newest(key), null);
        }
        ObjectNode resolution = JsonNodeFactory.instance.objectNode().put("state", RESOLVED)
                .put("close_code", serviceNow.properties().closeCode()).put("close_notes", closeNotes);
        return Ticket.of(serviceNow.table().update("incident", active.get().path("sys_id").asText(), fields(), resolution), null);
    }

    /** Every ticket of the key, newest (highest generation) first. */
    private List<ObjectNode> tickets(String key) {
        List<ObjectNode> rows = new ArrayList<>(serviceNow.table().list("incident",
                TableQuery.raw().where(CorrelationId.everyTicketOf(key)).fields(FIELDS)));
        rows.removeIf(row -> CorrelationId.generation(key, row.path("correlation_id").asText()).isEmpty());
        rows.sort(Comparator.comparingInt((ObjectNode row) ->
                CorrelationId.generation(key, row.path("correlation_id").asText()).getAsInt()).reversed());
        return rows;
    }

    private ObjectNode newest(String key) {
        return tickets(key).stream().findFirst().orElseThrow(() -> RemoteFailure.answered(ServiceNowErrors.PEER, 404, true,
                null, "no incident has correlation_id " + CorrelationId.of(key) + " (yet)"));
    }

    private boolean reopenable(ObjectNode ticket) {
        Optional<Instant> resolvedAt = GlideTime.parse(ticket.path("resolved_at").asText());
        return RESOLVED.equals(ticket.path("state").asText()) && resolvedAt.isPresent()
                && !resolvedAt.get().plus(serviceNow.properties().reopenWithin()).isBefore(clock.instant());
    }

    private Ticket create(NewIncident incident, int generation, ObjectNode previous) {
        ServiceDefinition service = incident.service();
        References references = new References(serviceNow.table(), cmdb);
        List<String> notes = new ArrayList<>();
        ObjectNode fields = JsonNodeFactory.instance.objectNode()
                .put("short_description", incident.shortDescription())
                .put("description", description(incident, previous));
        references.route(service, fields, notes);
        String caller = serviceNow.properties().caller();
        if (caller != null) {
            references.user(caller).ifPresentOrElse(id -> fields.put("caller_id", id),
                    () -> notes.add("No caller: ServiceNow has no user '" + caller + "'."));
        }
        fields.put("urgency", Integer.toString(incident.urgency()))
                .put("impact", Integer.toString(incident.impact()))
                .put("correlation_id", CorrelationId.of(incident.key(), generation))
                .put("correlation_display", CORRELATION_DISPLAY);
        notes.add(0, "Opened by Lifeboat for service " + service.id() + " (key " + incident.key() + ").");
        fields.put("work_notes", String.join("\n", notes));
        return Ticket.of(serviceNow.table().create("incident", fields(), fields), Outcome.CREATED);
    }

    private String description(NewIncident incident, ObjectNode previous) {
        if (previous == null) {
            return incident.description();
        }
        String was = switch (previous.path("state").asText()) {
            case RESOLVED -> "resolved" + when(previous, "resolved_at") + ", more than "
                    + Readable.duration(serviceNow.properties().reopenWithin()) + " ago, so it is not reopened";
            case CLOSED -> "closed" + when(previous, "closed_at") + ": a closed incident is not reopened";
            default -> "canceled: a canceled incident is not reopened";
        };
        return incident.description() + "\n\nFollows " + previous.path("number").asText() + " (same key " + incident.key()
                + "), " + was + ".";
    }

    private static String when(ObjectNode ticket, String field) {
        return GlideTime.parse(ticket.path(field).asText()).map(at -> " " + Readable.time(at)).orElse("");
    }

    private static TableQuery fields() {
        return TableQuery.raw().fields(FIELDS);
    }
}
