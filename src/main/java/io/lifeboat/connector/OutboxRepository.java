package io.lifeboat.connector;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.db.Sql;
import io.swagger.v3.oas.annotations.media.Schema;

/** The tables {@code connector_outbox} and {@code connector_attempt}; every method joins the caller's transaction. */
@Repository
public class OutboxRepository {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String DEAD = "DEAD";
    static final String DISCARDED = "DISCARDED";

    private static final int ERROR_LENGTH = 2000;

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public OutboxRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Long> find(String connector, String operation, String key) {
        return jdbc.queryForList("""
                        select id from connector_outbox
                         where connector = :connector and operation = :operation and idempotency_key = :key""",
                new MapSqlParameterSource("connector", connector).addValue("operation", operation).addValue("key", key),
                Long.class).stream().findFirst();
    }

    long insert(String connector, String operation, String key, String payload, String subject, Instant now) {
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.update("""
                        insert into connector_outbox (connector, operation, idempotency_key, payload, subject, state,
                                                      next_attempt_at, created_at)
                        values (:connector, :operation, :key, :payload, :subject, 'PENDING', :now, :now)""",
                new MapSqlParameterSource("connector", connector).addValue("operation", operation).addValue("key", key)
                        .addValue("payload", payload).addValue("subject", subject).addValue("now", Sql.utc(now)),
                id, new String[] {"id"});
        return id.getKey().longValue();
    }

    /**
     * Due messages in creation order, not yet claimed. A message waits while an earlier one of its connector and
     * subject is still pending, so a ticket's note never overtakes the ticket.
     */
    List<Due> due(Instant now, int limit) {
        return jdbc.query("""
                        select o.id, o.connector from connector_outbox o
                         where o.state = 'PENDING' and o.next_attempt_at <= :now
                           and (o.claimed_until is null or o.claimed_until < :now)
                           and not exists (select 1 from connector_outbox e
                                            where e.state = 'PENDING' and e.connector = o.connector
                                              and e.subject = o.subject and e.id < o.id)
                         order by o.id fetch first :limit rows only""",
                new MapSqlParameterSource("now", Sql.utc(now)).addValue("limit", limit),
                (rs, n) -> new Due(rs.getLong("id"), rs.getString("connector")));
    }

    /**
     * Takes the message for one delivery attempt, unless it is no longer due or another dispatcher holds it: one
     * atomic update, the same on H2 and PostgreSQL, committed before the peer is called so no transaction stays open
     * during the call.
     */
    Optional<Claim> claim(long id, String token, Instant now, Instant until) {
        int claimed = jdbc.update("""
                        update connector_outbox set claimed_by = :token, claimed_until = :until
                         where id = :id and state = 'PENDING' and next_attempt_at <= :now
                           and (claimed_until is null or claimed_until < :now)""",
                new MapSqlParameterSource("id", id).addValue("token", token).addValue("now", Sql.utc(now))
                        .addValue("until", Sql.utc(until)));
        if (claimed == 0) {
            return Optional.empty();
        }
        return jdbc.query("select * from connector_outbox where id = :id",
                new MapSqlParameterSource("id", id), (rs, n) -> new Claim(message(rs), rs.getInt("round"), token)).stream().findFirst();
    }

    /** Lets go of a claimed message without an attempt (its connector's circuit is open). */
    void release(Claim claim) {
        jdbc.update("update connector_outbox set claimed_by = null, claimed_until = null where id = :id and claimed_by = :token",
                claimed(claim));
    }

    /** @return false when the claim was lost (it expired and another dispatcher took the message) */
    boolean delivered(Claim claim, String remoteRef, Instant now) {
        return finish(claim, "state = 'DELIVERED', delivered_at = :now, remote_ref = :ref", null, null, now,
                "delivered", new MapSqlParameterSource("ref", Sql.fit(remoteRef, 200)));
    }

    boolean failed(Claim claim, Integer status, String error, Instant nextAttemptAt, Instant now) {
        return finish(claim, "next_attempt_at = :next, last_error = :error, last_status = :status", status, error, now,
                "retry", new MapSqlParameterSource("next", Sql.utc(nextAttemptAt)));
    }

    boolean dead(Claim claim, Integer status, String error, Instant now) {
        return finish(claim, "state = 'DEAD', last_error = :error, last_status = :status", status, error, now, "dead",
                new MapSqlParameterSource());
    }

    private boolean finish(Claim claim, String set, Integer status, String error, Instant now, String outcome,
                           MapSqlParameterSource parameters) {
        parameters.addValues(claimed(claim).getValues()).addValue("now", Sql.utc(now)).addValue("status", status)
                .addValue("error", Sql.fit(error, ERROR_LENGTH)).addValue("attempt", claim.message().attempt())
                .addValue("round", claim.round()).addValue("outcome", outcome);
        int updated = jdbc.update("update connector_outbox set " + set + ", attempts = :attempt, last_attempt_at = :now,"
                + " claimed_by = null, claimed_until = null where id = :id and claimed_by = :token", parameters);
        if (updated == 0) {
            return false;
        }
        jdbc.update("""
                insert into connector_attempt (message_id, round, attempt, attempted_at, outcome, status, error)
                values (:id, :round, :attempt, :now, :outcome, :status, :error)""", parameters);
        return true;
    }

    /** A DEAD message back to PENDING for a new round of attempts; @return false when it is not DEAD */
    boolean retryDead(long id, Instant now) {
        return jdbc.update("""
                update connector_outbox set state = 'PENDING', round = round + 1, attempts = 0, next_attempt_at = :now
                 where id = :id and state = 'DEAD'""", new MapSqlParameterSource("id", id).addValue("now", Sql.utc(now))) == 1;
    }

    /** @return false when it is not DEAD */
    boolean discardDead(long id) {
        return jdbc.update("update connector_outbox set state = 'DISCARDED' where id = :id and state = 'DEAD'",
                new MapSqlParameterSource("id", id)) == 1;
    }

    Optional<String> state(long id) {
        return jdbc.queryForList("select state from connector_outbox where id = :id", new MapSqlParameterSource("id", id),
                String.class).stream().findFirst();
    }

    long count(String connector, String state) {
        Long count = jdbc.queryForObject("select count(*) from connector_outbox where connector = :connector and state = :state",
                new MapSqlParameterSource("connector", connector).addValue("state", state), Long.class);
        return count == null ? 0 : count;
    }

    /** The oldest message of the connector not delivered and not discarded: pending or dead. */
    Optional<Instant> oldestUndelivered(String connector) {
        return jdbc.query("""
                        select min(created_at) as oldest from connector_outbox
                         where connector = :connector and state in ('PENDING', 'DEAD')""",
                new MapSqlParameterSource("connector", connector), (rs, n) -> Sql.instant(rs, "oldest")).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** The connector's latest failed attempt, delivered or not since. */
    Optional<LastError> lastError(String connector) {
        return jdbc.query("""
                        select a.message_id, a.attempted_at, a.status, a.error, o.operation from connector_attempt a
                          join connector_outbox o on o.id = a.message_id
                         where o.connector = :connector and a.outcome <> 'delivered'
                         order by a.attempted_at desc, a.id desc fetch first 1 rows only""",
                new MapSqlParameterSource("connector", connector),
                (rs, n) -> new LastError(rs.getLong("message_id"), rs.getString("operation"),
                        Sql.instant(rs, "attempted_at"), (Integer) rs.getObject("status"), rs.getString("error")))
                .stream().findFirst();
    }

    private static MapSqlParameterSource claimed(Claim claim) {
        return new MapSqlParameterSource("id", claim.message().id()).addValue("token", claim.token());
    }

    private OutboxMessage message(ResultSet rs) throws SQLException {
        ObjectNode payload;
        try {
            payload = (ObjectNode) json.readTree(rs.getString("payload"));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("outbox message " + rs.getLong("id") + " has a payload that is not a JSON object", e);
        }
        return new OutboxMessage(rs.getLong("id"), rs.getString("connector"), rs.getString("operation"),
                rs.getString("idempotency_key"), payload, rs.getString("subject"), rs.getInt("attempts") + 1);
    }

    record Due(long id, String connector) {
    }

    /** A message one dispatcher holds for one attempt; {@code token} tells its claim from a later one. */
    record Claim(OutboxMessage message, int round, String token) {
    }

    /** @param status the peer's HTTP status, 0 without an answer, null when no peer was called */
    public record LastError(long messageId, String operation, Instant at, @Schema(nullable = true) Integer status,
                            String error) {
    }
}
