package io.lifeboat.connector.pagerduty;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import feign.FeignException;

import io.lifeboat.connector.pagerduty.PagerDutyRestApi.Incident;
import io.lifeboat.connector.pagerduty.PagerDutyRestApi.LogEntries;
import io.lifeboat.connector.pagerduty.PagerDutyRestApi.NewStatusUpdate;
import io.lifeboat.connector.pagerduty.PagerDutyRestApi.NewNote;
import io.lifeboat.connector.pagerduty.PagerDutyRestApi.Note;
import io.lifeboat.http.RemoteFailure;

/**
 * Notes and status updates on the PagerDuty incident an event opened, found by its dedup key ({@link DedupKey}).
 * PagerDuty opens the incident asynchronously after it took the trigger, so an incident not found yet is a failure
 * worth retrying. Of several incidents of one key (a trigger after a resolve opens a new one) the open one is
 * written to, else the newest.
 *
 * <p>PagerDuty has no idempotency key on notes or status updates, so neither is posted twice:
 * <ul>
 *   <li>a note ends in a line {@code Lifeboat: <note key>} and is posted only when no note of the incident ends so;
 *       keyed rather than compared by text, because two milestones may well say the same words;</li>
 *   <li>a status update goes by mail to stakeholders, where such a line would be noise, so it is looked for by its
 *       text among the incident's {@code status_update_log_entry} log entries: the same text twice on one incident
 *       tells nobody anything new.</li>
 * </ul>
 */
public final class PagerDutyIncidents {

    static final String NOTE_KEY_PREFIX = "Lifeboat: ";
    private static final String STATUS_UPDATE_ENTRY = "status_update_log_entry";

    private final PagerDutyRestApi api;

    PagerDutyIncidents(PagerDutyRestApi api) {
        this.api = api;
    }

    /** The incident of a dedup key: the open one, else the newest; empty while PagerDuty has opened none. */
    public Optional<Incident> find(String dedupKey) {
        List<Incident> incidents = call(() -> api.incidents(DedupKey.of(dedupKey)).incidents());
        return (incidents == null ? List.<Incident>of() : incidents).stream().max(Comparator.comparing(Incident::open)
                .thenComparing(incident -> incident.createdAt() == null ? Instant.MIN : Instant.parse(incident.createdAt())));
    }

    /**
     * Adds a note once per {@code noteKey}: delivered again, it finds the note it posted before.
     *
     * @return the note's id
     */
    public String addNote(String dedupKey, String noteKey, String content) {
        String incidentId = require(dedupKey).id();
        String keyLine = NOTE_KEY_PREFIX + noteKey;
        List<Note> notes = call(() -> api.notes(incidentId).notes());
        Optional<Note> posted = (notes == null ? List.<Note>of() : notes).stream()
                .filter(note -> note.content() != null && lastLine(note.content()).equals(keyLine))
                .findFirst();
        if (posted.isPresent()) {
            return posted.get().id();
        }
        return call(() -> api.addNote(incidentId, NewNote.of(content.strip() + "\n\n" + keyLine)).note().id());
    }

    /**
     * Posts a status update unless the incident has one with the same text.
     *
     * @return the status update's id, or the id of the log entry of the one posted before
     */
    public String addStatusUpdate(String dedupKey, String message) {
        String incidentId = require(dedupKey).id();
        Optional<String> posted = postedStatusUpdate(incidentId, message);
        if (posted.isPresent()) {
            return posted.get();
        }
        return call(() -> api.addStatusUpdate(incidentId, new NewStatusUpdate(message)).statusUpdate().id());
    }

    private Optional<String> postedStatusUpdate(String incidentId, String message) {
        int offset = 0;
        while (true) {
            int from = offset;
            LogEntries page = call(() -> api.logEntries(incidentId, from));
            List<PagerDutyRestApi.LogEntry> entries = page.logEntries() == null ? List.of() : page.logEntries();
            Optional<String> found = entries.stream()
                    .filter(entry -> STATUS_UPDATE_ENTRY.equals(entry.type()) && message.equals(entry.message()))
                    .map(PagerDutyRestApi.LogEntry::id).findFirst();
            if (found.isPresent() || !page.more() || entries.isEmpty()) {
                return found;
            }
            offset += entries.size();
        }
    }

    private static String lastLine(String content) {
        String text = content.strip();
        return text.substring(text.lastIndexOf('\n') + 1).strip();
    }

    private Incident require(String dedupKey) {
        return find(dedupKey).orElseThrow(() -> RemoteFailure.answered(PagerDutyRestErrors.PEER, 200, true, null,
                "no PagerDuty incident for " + DedupKey.of(dedupKey) + " yet"));
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (FeignException e) {
            // a timeout or refused connection, or an answer Feign could not read; error answers are RemoteFailures already
            throw RemoteFailure.of(PagerDutyRestErrors.PEER, e);
        }
    }
}
