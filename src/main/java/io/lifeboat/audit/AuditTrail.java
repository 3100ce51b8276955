package io.lifeboat.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail in table {@code audit_event}. Each event stores the hash of the one
 * before it ({@link AuditHash}), so {@link #verify()} finds a changed, deleted or re-hashed row.
 *
 * <p>Transactions are programmatic (a {@link TransactionTemplate} with the default REQUIRED propagation), so an
 * append joins the caller's transaction, for example the engine's command around a delegate, and rolls back with it.
 */
@Service
public class AuditTrail {

    private static final String COLUMNS =
            "id, occurred_at, actor, action, subject, service, trigger_kind, reason, detail, previous_hash, hash";

    /** Rows fetched per round trip while verifying, so a long trail is streamed rather than held in memory. */
    private static final int VERIFY_FETCH_SIZE = 1000;

    private static final RowMapper<AuditEvent> EVENT = AuditTrail::event;

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streamingJdbc;
    private final TransactionTemplate transactions;

    public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.streamingJdbc = new JdbcTemplate(jdbc.getDataSource());
        this.streamingJdbc.setFetchSize(VERIFY_FETCH_SIZE);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Appends one event in the caller's transaction, chained to the one before.
     *
     * @throws IllegalArgumentException naming the field when actor or action is missing or a field is too long
     */
    public AuditEvent append(AuditRecord record) {
        AuditRecordRules.check(record);
        return transactions.execute(status -> {
            // The row lock is held until the transaction ends: a second append, on any thread or node, waits here
            // and then reads the head this one wrote, so the chain never forks.
            ChainHead head = jdbc.queryForObject(
                    "SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE", ChainHead.MAPPER);
            AuditEvent unhashed = new AuditEvent(head.lastId() + 1, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    record.actor(), record.action(), record.subject(), record.service(), record.trigger(),
                    record.reason(), record.detail(), head.lastHash(), null);
            AuditEvent event = withHash(unhashed, AuditHash.of(unhashed));
            jdbc.update("INSERT INTO audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    event.id(), OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC), event.actor(),
                    event.action(), event.subject(), event.service(), event.trigger(), event.reason(), event.detail(),
                    event.previousHash(), event.hash());
            jdbc.update("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1", event.id(), event.hash());
            return event;
        });
    }

    /** Events oldest first; {@code subject} or {@code service} null means any. */
    public List<AuditEvent> events(String subject, String service) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (subject != null) {
            sql.append(" AND subject = ?");
            arguments.add(subject);
        }
        if (service != null) {
            sql.append(" AND service = ?");
            arguments.add(service);
        }
        sql.append(" ORDER BY id");
        return jdbc.query(sql.toString(), EVENT, arguments.toArray());
    }

    /** Walks the whole chain in id order and reports the first event that is changed, missing or re-hashed. */
    public ChainVerification verify() {
        return transactions.execute(status -> {
            // The head is read first: events appended while the walk runs lie beyond it and are checked next time.
            ChainHead head = jdbc.queryForObject(
                    "SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1", ChainHead.MAPPER);
            ChainWalk walk = new ChainWalk();
            streamingJdbc.query("SELECT " + COLUMNS + " FROM audit_event WHERE id <= ? ORDER BY id", walk, head.lastId());
            return walk.result(head);
        });
    }

    /** @param firstBrokenId null when valid */
    public record ChainVerification(boolean valid, long events, Long firstBrokenId) {
    }

    /** The one row of {@code audit_chain_head}: the newest event's id and hash. */
    private record ChainHead(long lastId, String lastHash) {

        static final RowMapper<ChainHead> MAPPER =
                (rs, row) -> new ChainHead(rs.getLong("last_id"), rs.getString("last_hash"));
    }

    private static final class ChainWalk implements RowCallbackHandler {

        private String expectedPreviousHash = AuditHash.GENESIS;
        private long lastId;
        private long events;
        private Long firstBrokenId;

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            AuditEvent event = event(rs, 0);
            events++;
            boolean linked = event.previousHash().equals(expectedPreviousHash);
            boolean intact = AuditHash.of(event).equals(event.hash());
            if (firstBrokenId == null && !(linked && intact)) {
                firstBrokenId = event.id();
            }
            expectedPreviousHash = event.hash();
            lastId = event.id();
        }

        ChainVerification result(ChainHead head) {
            Long broken = firstBrokenId;
            if (broken == null && lastId != head.lastId()) {
                // the newest events were cut off: report the first one the head still vouches for
                broken = lastId + 1;
            } else if (broken == null && !expectedPreviousHash.equals(head.lastHash())) {
                // the rows are intact but the head was rewritten
                broken = lastId;
            }
            return new ChainVerification(broken == null, events, broken);
        }
    }

    private static AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("subject"),
                rs.getString("service"),
                rs.getString("trigger_kind"),
                rs.getString("reason"),
                rs.getString("detail"),
                rs.getString("previous_hash"),
                rs.getString("hash"));
    }

    private static AuditEvent withHash(AuditEvent e, String hash) {
        return new AuditEvent(e.id(), e.occurredAt(), e.actor(), e.action(), e.subject(), e.service(), e.trigger(),
                e.reason(), e.detail(), e.previousHash(), hash);
    }
}
