package io.lifeboat.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.incident.Incident.IncidentAlert;
import io.lifeboat.incident.Incident.TimelineEntry;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertStatus;
import io.lifeboat.intake.Severity;

import static io.lifeboat.db.Sql.fit;
import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/** Lifeboat's incident tables ({@code V4__incident.sql}); every method joins the caller's transaction. */
@Repository
public class IncidentRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code incident_alert.labels} (V20) */
    private static final int LABELS_LENGTH = 2000;

    private final NamedParameterJdbcTemplate jdbc;

    public IncidentRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens an incident; with a service, it becomes that service's open incident (a second one fails on the key). */
    public void open(String id, String service, String severity, String title, String openedBy, Instant at) {
        jdbc.update("""
                insert into incident (id, service, severity, state, title, opened_by, opened_at)
                values (:id, :service, :severity, 'OPEN', :title, :by, :at)""",
                new MapSqlParameterSource("id", id).addValue("service", service).addValue("severity", severity)
                        .addValue("title", title).addValue("by", openedBy).addValue("at", utc(at)));
        if (service != null) {
            jdbc.update("insert into incident_open (service, incident_id) values (:service, :id)",
                    new MapSqlParameterSource("service", service).addValue("id", id));
        }
    }

    public Optional<String> openIncidentOf(String service) {
        return jdbc.query("select incident_id from incident_open where service = :service",
                new MapSqlParameterSource("service", service), (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    /** For alerts that match no service: the open incident that already holds the fingerprint. */
    public Optional<String> openIncidentWithAlert(String fingerprint) {
        return jdbc.query("""
                select i.id from incident i join incident_alert a on a.incident_id = i.id
                 where i.state = 'OPEN' and a.fingerprint = :fp order by i.opened_at fetch first 1 rows only""",
                new MapSqlParameterSource("fp", fingerprint), (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    public void setProcessInstance(String id, String processInstanceId) {
        jdbc.update("update incident set process_instance_id = :pi where id = :id",
                new MapSqlParameterSource("id", id).addValue("pi", processInstanceId));
    }

    public void raiseSeverity(String id, String severity) {
        jdbc.update("update incident set severity = :severity where id = :id",
                new MapSqlParameterSource("id", id).addValue("severity", severity));
    }

    /** Assigns a service to an incident that was opened in triage. */
    public void assignService(String id, String service) {
        jdbc.update("update incident set service = :service where id = :id",
                new MapSqlParameterSource("id", id).addValue("service", service));
        jdbc.update("insert into incident_open (service, incident_id) values (:service, :id)",
                new MapSqlParameterSource("service", service).addValue("id", id));
    }

    public void resolve(String id, Instant at) {
        jdbc.update("update incident set state = 'RESOLVED', resolved_at = :at where id = :id",
                new MapSqlParameterSource("id", id).addValue("at", utc(at)));
        jdbc.update("delete from incident_open where incident_id = :id", new MapSqlParameterSource("id", id));
    }

    public Optional<IncidentAlert> alert(String incidentId, String fingerprint) {
        return jdbc.query("select * from incident_alert where incident_id = :id and fingerprint = :fp",
                new MapSqlParameterSource("id", incidentId).addValue("fp", fingerprint), IncidentRepository::toAlert)
                .stream().findFirst();
    }

    /** A new alert of the incident; the incident's counts follow. */
    public void addAlert(String incidentId, Alert alert, Instant at) {
        MapSqlParameterSource params = alertParams(incidentId, alert, at);
        jdbc.update("""
                insert into incident_alert (incident_id, fingerprint, source, alertname, severity, status, summary,
                                            first_seen_at, last_seen_at, occurrences, labels)
                values (:id, :fp, :source, :name, :severity, :status, :summary, :at, :at, 1, :labels)""",
                params.addValue("labels", labelsJson(alert.labels())));
        jdbc.update("""
                update incident set alert_count = alert_count + 1,
                       firing_alert_count = firing_alert_count + case when :status = 'FIRING' then 1 else 0 end
                 where id = :id""", params);
    }

    /**
     * A repeat, or the same alert changing status: counts it and keeps the newest status.
     *
     * @param previousStatus the status it had, as read in this transaction
     */
    public void updateAlert(String incidentId, Alert alert, String previousStatus, Instant at) {
        MapSqlParameterSource params = alertParams(incidentId, alert, at);
        jdbc.update("""
                update incident_alert set status = :status, severity = :severity, last_seen_at = :at,
                       occurrences = occurrences + 1
                 where incident_id = :id and fingerprint = :fp""", params);
        int firingChange = (alert.status() == AlertStatus.FIRING ? 1 : 0) - (AlertStatus.FIRING.name().equals(previousStatus) ? 1 : 0);
        if (firingChange != 0) {
            jdbc.update("update incident set firing_alert_count = firing_alert_count + :change where id = :id",
                    params.addValue("change", firingChange));
        }
    }

    /**
     * How many alerts the incident has and how many fire, kept with the incident row as they join: counting them on
     * every alert would cost as much as the storm is long.
     */
    public AlertCounts alertCounts(String incidentId) {
        return jdbc.queryForObject("select alert_count, firing_alert_count from incident where id = :id",
                new MapSqlParameterSource("id", incidentId), (rs, n) -> new AlertCounts(rs.getInt(1), rs.getInt(2)));
    }

    /**
     * The alerts seen last, newest first, read along the {@code incident_alert_newest} index so that a storm's
     * thousands are not sorted for each alert. For H2 to choose that index over the foreign key's on
     * {@code incident_id} alone, the query bounds its second column too (every row is seen after 1970) and orders by
     * its first one too; PostgreSQL needs neither.
     */
    public List<IncidentAlert> newestAlerts(String incidentId, int limit) {
        return jdbc.query("""
                select * from incident_alert where incident_id = :id and last_seen_at > :epoch
                 order by incident_id, last_seen_at desc, fingerprint desc fetch first :limit rows only""",
                new MapSqlParameterSource("id", incidentId).addValue("epoch", utc(Instant.EPOCH)).addValue("limit", limit),
                IncidentRepository::toAlert);
    }

    /** @return true when the incident has alerts and every one is resolved */
    public boolean markAlertsResolvedState(String incidentId) {
        boolean value = alertCounts(incidentId).allResolved();
        jdbc.update("update incident set all_alerts_resolved = :value where id = :id",
                new MapSqlParameterSource("id", incidentId).addValue("value", value));
        return value;
    }

    /** @param firing those of {@code total} whose last status is FIRING */
    public record AlertCounts(int total, int firing) {

        public boolean allResolved() {
            return total > 0 && firing == 0;
        }
    }

    public void addTimeline(String incidentId, Instant at, String actor, String kind, String text) {
        jdbc.update("""
                insert into incident_timeline (incident_id, occurred_at, actor, kind, text)
                values (:id, :at, :actor, :kind, :text)""",
                new MapSqlParameterSource("id", incidentId).addValue("at", utc(at)).addValue("actor", actor)
                        .addValue("kind", kind).addValue("text", fit(text, 2000)));
    }

    /** With every alert and the whole timeline: for the API and the post-mortem, not for each alert of a storm. */
    public Optional<Incident> find(String id) {
        return jdbc.query("select * from incident where id = :id", new MapSqlParameterSource("id", id), this::toIncident)
                .stream().findFirst();
    }

    /** Without alerts and timeline (both empty), which an alert storm makes long. */
    public Optional<Incident> findWithoutDetails(String id) {
        return jdbc.query("select * from incident where id = :id", new MapSqlParameterSource("id", id),
                (rs, n) -> toIncident(rs, List.of(), List.of())).stream().findFirst();
    }

    /** Newest first, without alerts and timeline; null filters match everything. */
    public List<Incident> list(String service, IncidentState state) {
        return jdbc.query("""
                select * from incident
                 where (cast(:service as varchar(100)) is null or service = :service)
                   and (cast(:state as varchar(20)) is null or state = :state)
                 order by opened_at desc, id desc""",
                new MapSqlParameterSource("service", service).addValue("state", state == null ? null : state.name()),
                (rs, n) -> toIncident(rs, List.of(), List.of()));
    }

    private Incident toIncident(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        MapSqlParameterSource params = new MapSqlParameterSource("id", id);
        return toIncident(rs,
                jdbc.query("select * from incident_alert where incident_id = :id order by first_seen_at, fingerprint", params,
                        IncidentRepository::toAlert),
                jdbc.query("select * from incident_timeline where incident_id = :id order by id", params,
                        (t, n) -> new TimelineEntry(t.getLong("id"), instant(t, "occurred_at"), t.getString("actor"),
                                t.getString("kind"), t.getString("text"))));
    }

    private static Incident toIncident(ResultSet rs, List<IncidentAlert> alerts, List<TimelineEntry> timeline) throws SQLException {
        return new Incident(rs.getString("id"), rs.getString("service"), rs.getString("severity"),
                IncidentState.valueOf(rs.getString("state")), rs.getString("title"), rs.getString("opened_by"),
                instant(rs, "opened_at"), instant(rs, "resolved_at"), rs.getString("process_instance_id"),
                rs.getBoolean("all_alerts_resolved"), alerts, timeline);
    }

    private static IncidentAlert toAlert(ResultSet rs, int row) throws SQLException {
        return new IncidentAlert(rs.getString("fingerprint"), rs.getString("source"), rs.getString("alertname"),
                rs.getString("severity"), rs.getString("status"), rs.getString("summary"), instant(rs, "first_seen_at"),
                instant(rs, "last_seen_at"), rs.getInt("occurrences"), labels(rs.getString("labels")));
    }

    /** The labels sorted by name as JSON; labels that would not fit the column are left out, never cut in half. */
    private static String labelsJson(Map<String, String> labels) {
        TreeMap<String, String> kept = new TreeMap<>();
        String json = "{}";
        for (Map.Entry<String, String> label : new TreeMap<>(labels == null ? Map.of() : labels).entrySet()) {
            kept.put(label.getKey(), label.getValue());
            String longer = write(kept);
            if (longer.length() > LABELS_LENGTH) {
                kept.remove(label.getKey());
            } else {
                json = longer;
            }
        }
        return json;
    }

    private static String write(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels cannot be written as JSON", e);
        }
    }

    private static Map<String, String> labels(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident_alert.labels is not a JSON object: " + json, e);
        }
    }

    private static MapSqlParameterSource alertParams(String incidentId, Alert alert, Instant at) {
        return new MapSqlParameterSource("id", incidentId).addValue("fp", alert.fingerprint()).addValue("source", alert.source())
                .addValue("name", fit(alert.alertname(), 200)).addValue("severity", Severity.parse(alert.severity()).value())
                .addValue("status", alert.status().name()).addValue("summary", fit(alert.summary(), 1000)).addValue("at", utc(at));
    }

}
