package io.lifeboat.intake;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.utc;

/** The {@code alert_inbox} table ({@code V3__intake.sql}); every method joins the caller's transaction. */
@Repository
public class AlertInbox {

    private static final int ERROR_LENGTH = 2000;

    private final NamedParameterJdbcTemplate jdbc;

    public AlertInbox(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One accepted alert, about to be stored. */
    record NewRow(Instant receivedAt, String service, Alert alert, String deliveryId) {
    }

    /** A row waiting for the processor. */
    record Pending(long id, String service) {
    }

    /** @return the new row's id */
    long insert(NewRow row) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update("""
                insert into alert_inbox (received_at, source, service, fingerprint, status, alert, delivery_id)
                values (:receivedAt, :source, :service, :fingerprint, :status, :alert, :deliveryId)""",
                new MapSqlParameterSource("receivedAt", utc(row.receivedAt()))
                        .addValue("source", row.alert().source()).addValue("service", row.service())
                        .addValue("fingerprint", row.alert().fingerprint()).addValue("status", row.alert().status().name())
                        .addValue("alert", AlertJson.write(row.alert())).addValue("deliveryId", row.deliveryId()),
                key, new String[] {"id"});
        return Objects.requireNonNull(key.getKey(), "no generated id").longValue();
    }

    List<Long> idsOfDelivery(String source, String deliveryId) {
        return jdbc.queryForList("select id from alert_inbox where source = :source and delivery_id = :deliveryId order by id",
                new MapSqlParameterSource("source", source).addValue("deliveryId", deliveryId), Long.class);
    }

    /** The oldest unprocessed rows, in accept order; not locked, see {@link #claim}. */
    List<Pending> pending(int limit) {
        return jdbc.query("select id, service from alert_inbox where processed_at is null order by id fetch first :limit rows only",
                new MapSqlParameterSource("limit", limit), (rs, n) -> new Pending(rs.getLong("id"), rs.getString("service")));
    }

    /**
     * Locks the row for this transaction if it is still unprocessed and no other node holds it; a locked row is
     * skipped rather than waited for.
     */
    Optional<Alert> claim(long id) {
        return jdbc.query("select alert from alert_inbox where id = :id and processed_at is null for update skip locked",
                new MapSqlParameterSource("id", id), (rs, n) -> AlertJson.read(rs.getString("alert"))).stream().findFirst();
    }

    /**
     * Whether an earlier alert of the same service (or, for null, of no service) is not yet processed: the row must
     * wait for it. Rows another node is processing right now count as unprocessed until it commits.
     */
    boolean hasEarlierPending(long id, String service) {
        Integer earlier = jdbc.queryForObject("""
                select count(*) from alert_inbox
                 where processed_at is null and id < :id
                   and (service = :service or (service is null and cast(:service as varchar(100)) is null))""",
                new MapSqlParameterSource("id", id).addValue("service", service), Integer.class);
        return earlier != null && earlier > 0;
    }

    void markProcessed(long id, Instant at) {
        jdbc.update("""
                update alert_inbox set processed_at = :at, attempts = attempts + 1, last_attempt_at = :at where id = :id""",
                new MapSqlParameterSource("id", id).addValue("at", utc(at)));
    }

    void recordFailure(long id, String error, Instant at) {
        jdbc.update("""
                update alert_inbox set attempts = attempts + 1, last_error = :error, last_attempt_at = :at
                 where id = :id and processed_at is null""",
                new MapSqlParameterSource("id", id).addValue("at", utc(at))
                        .addValue("error", error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error));
    }

}
