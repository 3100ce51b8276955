package io.lifeboat.connector.pagerduty;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import feign.Headers;
import feign.Param;
import feign.RequestLine;

/**
 * The part of PagerDuty's REST API v2 Lifeboat uses: the incidents its events opened, their notes and status updates.
 * {@link PagerDutyRestSignIn} adds {@code Authorization: Token token=...} and {@code From}; error answers arrive as
 * {@link io.lifeboat.http.RemoteFailure} from {@link PagerDutyRestErrors}.
 */
@Headers({"Accept: application/vnd.pagerduty+json;version=2", "Content-Type: application/json"})
public interface PagerDutyRestApi {

    /** The largest page PagerDuty's list endpoints give. */
    int PAGE = 100;

    /**
     * The incidents of a dedup key: an incident an event opened has {@code incident_key} = the event's
     * {@code dedup_key}. {@code date_range=all} because PagerDuty otherwise lists only the last 30 days.
     */
    @RequestLine("GET /incidents?incident_key={dedupKey}&date_range=all")
    Incidents incidents(@Param("dedupKey") String dedupKey);

    /** {@code {"notes":[...]}}, every note of the incident. */
    @RequestLine("GET /incidents/{id}/notes")
    Notes notes(@Param("id") String incidentId);

    /** 201 with the note as stored. */
    @RequestLine("POST /incidents/{id}/notes")
    NoteCreated addNote(@Param("id") String incidentId, NewNote note);

    /** Sent to the incident's stakeholders; the body is {@code {"message":...}}, not wrapped. */
    @RequestLine("POST /incidents/{id}/status_updates")
    StatusUpdateCreated addStatusUpdate(@Param("id") String incidentId, NewStatusUpdate update);

    /** One page of the incident's log, where each status update is a {@code status_update_log_entry}. */
    @RequestLine("GET /incidents/{id}/log_entries?offset={offset}&limit=" + PAGE)
    LogEntries logEntries(@Param("id") String incidentId, @Param("offset") int offset);

    /** {@code {"incidents":[...]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Incidents(List<Incident> incidents) {
    }

    /**
     * An incident as listed.
     *
     * @param status {@code triggered}, {@code acknowledged} or {@code resolved}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Incident(String id, @JsonProperty("incident_number") Long incidentNumber, String status,
                    @JsonProperty("incident_key") String incidentKey, @JsonProperty("created_at") String createdAt,
                    @JsonProperty("html_url") String htmlUrl) {

        boolean open() {
            return !"resolved".equals(status);
        }
    }

    /** {@code {"notes":[...]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Notes(List<Note> notes) {
    }

    /** A note as PagerDuty keeps it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Note(String id, String content) {
    }

    /** A new note: {@code {"note":{"content":...}}}. */
    record NewNote(NoteContent note) {

        static NewNote of(String content) {
            return new NewNote(new NoteContent(content));
        }
    }

    /** The text of a new note. */
    record NoteContent(String content) {
    }

    /** 201's body: {@code {"note":{...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NoteCreated(Note note) {
    }

    /** {@code {"message":...}}: the text stakeholders are sent. */
    record NewStatusUpdate(String message) {
    }

    /** 200's body: {@code {"status_update":{...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusUpdateCreated(@JsonProperty("status_update") StatusUpdate statusUpdate) {
    }

    /** A status update as PagerDuty keeps it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusUpdate(String id, String message) {
    }

    /** PagerDuty's classic pagination: {@code more} is true while pages follow. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogEntries(@JsonProperty("log_entries") List<LogEntry> logEntries, boolean more) {
    }

    /** One entry of an incident's log; a status update's has its {@code message}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogEntry(String id, String type, String message) {
    }
}
