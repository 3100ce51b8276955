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

import static io.lifeboat.db.Sql.instant;
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

    /** One row as an operator deciding on a skip sees it; {@code skippedBy} is null unless it was skipped. */
    record Row(long id, String service, String fingerprint, int attempts, String lastError, Instant processedAt,
               String skippedBy, String skipReason) {
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
                update alert_inbox set attempts = attempts + 1, last_error = :error, last_attempt_at = :at,
                       failing_since = coalesce(failing_since, :at)
                 where id = :id and processed_at is null""",
                new MapSqlParameterSource("id", id).addValue("at", utc(at))
                        .addValue("error", error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error));
    }

    /**
     * Unprocessed rows that failed at least once, in accept order, each with the unprocessed rows of its service
     * accepted after it. Not limited: the processor only tries the oldest unprocessed row of a service, so there are
     * about as many as services with a failing handler.
     */
    List<FailingAlert> failing() {
        return jdbc.query("""
                select f.id, f.source, f.service, f.fingerprint, f.received_at, f.attempts, f.last_error, f.last_attempt_at,
                       (select count(*) from alert_inbox later
                         where later.processed_at is null and later.id > f.id
                           and (later.service = f.service or (later.service is null and f.service is null))) as waiting_behind
                  from alert_inbox f
                 where f.processed_at is null and f.attempts > 0
                 order by f.id""",
                (rs, n) -> new FailingAlert(rs.getLong("id"), rs.getString("source"), rs.getString("service"),
                        rs.getString("fingerprint"), instant(rs, "received_at"), rs.getInt("attempts"),
                        rs.getString("last_error"), instant(rs, "last_attempt_at"), rs.getLong("waiting_behind")));
    }

    /** A service held back by an alert that keeps failing; null for alerts of no service. */
    record HeldBackService(String service, long failing, long unprocessed) {
    }

    /**
     * The services with an unprocessed alert failing since before {@code cutoff}: how many such alerts, and how many
     * of their alerts wait unprocessed in all.
     */
    List<HeldBackService> failingSince(Instant cutoff) {
        return jdbc.query("""
                select f.service, count(*) as failing,
                       (select count(*) from alert_inbox w where w.processed_at is null
                           and (w.service = f.service or (w.service is null and f.service is null))) as unprocessed
                  from alert_inbox f
                 where f.processed_at is null and f.failing_since < :cutoff
                 group by f.service order by f.service""",
                new MapSqlParameterSource("cutoff", utc(cutoff)),
                (rs, n) -> new HeldBackService(rs.getString("service"), rs.getLong("failing"), rs.getLong("unprocessed")));
    }

    long countFailing() {
        Long failing = jdbc.getJdbcTemplate().queryForObject(
                "select count(*) from alert_inbox where processed_at is null and attempts > 0", Long.class);
        return failing == null ? 0 : failing;
    }

    Optional<Row> find(long id) {
        return jdbc.query("""
                select id, service, fingerprint, attempts, last_error, processed_at, skipped_by, skip_reason
                  from alert_inbox where id = :id""",
                new MapSqlParameterSource("id", id),
                (rs, n) -> new Row(rs.getLong("id"), rs.getString("service"), rs.getString("fingerprint"),
                        rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "processed_at"),
                        rs.getString("skipped_by"), rs.getString("skip_reason"))).stream().findFirst();
    }

    /**
     * Marks the row processed without handing it to the handler. Only an unprocessed row: were the processor handling
     * it right now, this waits for its row lock and then finds it processed, so a handled alert is never recorded
     * as skipped.
     *
     * @return false when there is no such unprocessed row
     */
    boolean markSkipped(long id, Instant at, String by, String reason) {
        return jdbc.update("""
                update alert_inbox set processed_at = :at, skipped_by = :by, skip_reason = :reason
                 where id = :id and processed_at is null""",
                new MapSqlParameterSource("id", id).addValue("at", utc(at)).addValue("by", by)
                        .addValue("reason", reason)) == 1;
    }

    /**
     * Deletes at most {@code limit} processed (or skipped) rows processed before {@code cutoff}, oldest first, along
     * the {@code (processed_at, id)} index; unprocessed rows have a null {@code processed_at} and are never matched.
     *
     * @return how many were deleted
     */
    int deleteProcessedBefore(Instant cutoff, int limit) {
        return jdbc.update("""
                delete from alert_inbox where id in (
                    select id from alert_inbox where processed_at < :cutoff order by processed_at, id
                     fetch first :limit rows only)""",
                new MapSqlParameterSource("cutoff", utc(cutoff)).addValue("limit", limit));
    }
}
