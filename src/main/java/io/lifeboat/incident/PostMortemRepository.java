package io.lifeboat.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/** Lifeboat's post-mortem tables ({@code V5__postmortem.sql}); every method joins the caller's transaction. */
@Repository
public class PostMortemRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public PostMortemRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a drafted post-mortem; a retried draft finds its row and changes nothing. */
    public void recordDraft(Incident incident, Collection<String> alertNames, Instant draftedAt) {
        if (find(incident.id()).isPresent()) {
            return;
        }
        jdbc.update("""
                insert into post_mortem (incident_id, service, opened_at, resolved_at, drafted_at)
                values (:id, :service, :opened, :resolved, :drafted)""",
                new MapSqlParameterSource("id", incident.id()).addValue("service", incident.service())
                        .addValue("opened", utc(incident.openedAt())).addValue("resolved", utc(incident.resolvedAt()))
                        .addValue("drafted", utc(draftedAt)));
        for (String alertName : alertNames) {
            jdbc.update("insert into post_mortem_alert (incident_id, alertname) values (:id, :name)",
                    new MapSqlParameterSource("id", incident.id()).addValue("name", alertName));
        }
    }

    public void close(String incidentId, String outcome, Instant closedAt) {
        int rows = jdbc.update("update post_mortem set closed_at = :at, outcome = :outcome where incident_id = :id",
                new MapSqlParameterSource("id", incidentId).addValue("at", utc(closedAt))
                        .addValue("outcome", outcome));
        if (rows == 0) {
            throw new IllegalStateException("no post-mortem of incident " + incidentId + " was drafted, so it cannot be closed");
        }
    }

    public Optional<PostMortemRecord> find(String incidentId) {
        return jdbc.query("select * from post_mortem where incident_id = :id", new MapSqlParameterSource("id", incidentId),
                (rs, n) -> new PostMortemRecord(rs.getString("incident_id"), rs.getString("service"),
                        instant(rs, "opened_at"), instant(rs, "resolved_at"), instant(rs, "drafted_at"),
                        instant(rs, "closed_at"), rs.getString("outcome"), alertNames(rs.getString("incident_id"))))
                .stream().findFirst();
    }

    /**
     * Post-mortems of other incidents on the same service that share an alert name, drafted at or after
     * {@code since}, newest first; one row per shared alert name.
     */
    public List<EarlierPostMortem> earlier(String service, Collection<String> alertNames, Instant since, String excludedIncidentId) {
        if (alertNames.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                select p.incident_id, a.alertname, p.drafted_at from post_mortem p
                  join post_mortem_alert a on a.incident_id = p.incident_id
                 where p.service = :service and a.alertname in (:names) and p.drafted_at >= :since
                   and p.incident_id <> :excluded
                 order by p.drafted_at desc, p.incident_id, a.alertname""",
                new MapSqlParameterSource("service", service).addValue("names", alertNames).addValue("since", utc(since))
                        .addValue("excluded", excludedIncidentId),
                (rs, n) -> new EarlierPostMortem(rs.getString("incident_id"), rs.getString("alertname"), instant(rs, "drafted_at")));
    }

    private List<String> alertNames(String incidentId) {
        return jdbc.queryForList("select alertname from post_mortem_alert where incident_id = :id order by alertname",
                new MapSqlParameterSource("id", incidentId), String.class);
    }

    /** A post-mortem as stored; {@code closedAt} and {@code outcome} are null while it is open. */
    public record PostMortemRecord(String incidentId, String service, Instant openedAt, Instant resolvedAt, Instant draftedAt,
                                   Instant closedAt, String outcome, List<String> alertNames) {
    }

    /** An earlier post-mortem of the same service that shares {@code alertName} with the new incident. */
    public record EarlierPostMortem(String incidentId, String alertName, Instant draftedAt) {
    }

}
