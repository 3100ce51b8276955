package io.lifeboat.connector.notify;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.utc;

/**
 * The open ticket of each problem of a service ({@code connector_ticket}): a failed backup, an SLA breach, a failed
 * drill opens one, and what proves the problem over resolves it. Written in the transaction of the event that opens
 * or ends the problem, beside the outbox messages it queues.
 */
@Repository
class ServiceTickets {

    /** What kind of lasting problem a ticket is about. */
    enum Problem {
        BACKUP_FAILED("backup-failed"),
        BACKUP_SLA("backup-sla"),
        DRILL_FAILED("drill-failed");

        private final String value;

        Problem(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }

    /** @param key the outbox key of the ticket's messages, its correlation id and dedup key */
    record Ticket(String key, boolean paged) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    ServiceTickets(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Ticket> open(Problem problem, String service) {
        return jdbc.query("select ticket_key, paged from connector_ticket where problem = :problem and open_service = :service",
                        params(problem, service), (rs, row) -> new Ticket(rs.getString("ticket_key"), rs.getBoolean("paged")))
                .stream().findFirst();
    }

    void opened(Problem problem, String service, Ticket ticket, Instant at) {
        jdbc.update("""
                insert into connector_ticket (problem, service, open_service, ticket_key, paged, opened_at)
                values (:problem, :service, :service, :key, :paged, :at)""",
                params(problem, service).addValue("key", ticket.key()).addValue("paged", ticket.paged()).addValue("at", utc(at)));
    }

    void resolved(Problem problem, String service, Instant at) {
        jdbc.update("""
                update connector_ticket set open_service = null, resolved_at = :at
                where problem = :problem and open_service = :service""", params(problem, service).addValue("at", utc(at)));
    }

    private static MapSqlParameterSource params(Problem problem, String service) {
        return new MapSqlParameterSource("problem", problem.value()).addValue("service", service);
    }
}
