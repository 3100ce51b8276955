package io.lifeboat.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail in table {@code audit_event}. Each event stores the hash of the one
 * before it and its own, keyed with the {@link AuditKey} ({@link AuditHash}), so {@link #verify()} finds a changed,
 * deleted, reordered or re-hashed row even when whoever changed it recomputed every later hash: without the key the
 * recomputed hashes do not verify. What the key cannot show, the newest events cut off together with the head
 * rewound, the {@link AuditCheckpoints} written outside the database by {@link #checkpoint()} do.
 *
 * <p>Transactions are programmatic (a {@link TransactionTemplate} with the default REQUIRED propagation), so an
 * append joins the caller's transaction, for example the engine's command around a delegate, and rolls back with it.
 */
@Service
public class AuditTrail {

    static final String COLUMNS =
            "id, occurred_at, actor, action, subject, service, trigger_kind, reason, detail, previous_hash, hash";

    /** Rows fetched per round trip while verifying, so a long trail is streamed rather than held in memory. */
    private static final int VERIFY_FETCH_SIZE = 1000;

    private static final RowMapper<AuditEvent> EVENT = AuditTrail::event;

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streamingJdbc;
    private final TransactionTemplate transactions;
    private final AuditKey key;
    private final AuditCheckpoints checkpoints;

    public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AuditKey key,
                      AuditCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.key = key;
        this.checkpoints = checkpoints;
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
            AuditEvent event = withHash(unhashed, AuditHash.of(unhashed, key));
            jdbc.update("INSERT INTO audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    event.id(), OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC), event.actor(),
                    event.action(), event.subject(), event.service(), event.trigger(), event.reason(), event.detail(),
                    event.previousHash(), event.hash());
            jdbc.update("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1", event.id(), event.hash());
            return event;
        });
    }

    /**
     * Events oldest first; {@code subject} or {@code service} null means any. A subject is {@code <kind>/<id>}
     * ({@code backup/bk-...}) or the bare id, which matches it of any kind.
     */
    public List<AuditEvent> events(String subject, String service) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (subject != null && subject.contains("/")) {
            sql.append(" AND subject = ?");
            arguments.add(subject);
        } else if (subject != null) {
            // a bare id, as users have it (bk-..., INC-..., a hold's id): that thing's events, whatever its kind
            sql.append(" AND (subject = ? OR subject LIKE ? ESCAPE '!')");
            arguments.add(subject);
            arguments.add("%/" + subject.replace("!", "!!").replace("%", "!%").replace("_", "!_"));
        }
        if (service != null) {
            sql.append(" AND service = ?");
            arguments.add(service);
        }
        sql.append(" ORDER BY id");
        return jdbc.query(sql.toString(), EVENT, arguments.toArray());
    }

    /**
     * Walks the whole chain in id order and checks it against the newest checkpoint: reports the first event that is
     * changed, missing or re-hashed without the key, events the checkpoint vouches for that are gone, and checkpoint
     * files that do not verify.
     */
    public ChainVerification verify() {
        return transactions.execute(status -> {
            // The checkpoint first, then the head: a checkpoint written meanwhile covers only events the head has.
            AuditCheckpoints.Newest newest = checkpoints.newest();
            // Events appended while the walk runs lie beyond the head and are checked next time.
            ChainHead head = head();
            ChainWalk walk = new ChainWalk(event -> AuditHash.of(event, key), 0, AuditHash.GENESIS, newest.checkpoint());
            streamingJdbc.query("SELECT " + COLUMNS + " FROM audit_event WHERE id <= ? ORDER BY id", walk, head.lastId());
            return walk.result(head, newest.forged());
        });
    }

    /**
     * Anchors the chain outside the database: writes a checkpoint of the head if events were appended since the newest
     * checkpoint and they verify from it on.
     *
     * @return empty when there is nothing new to checkpoint
     * @throws IllegalStateException naming the problems when the events since the newest checkpoint do not verify:
     *                               a trail that was tampered with is never checkpointed as if it were the truth
     */
    public synchronized Optional<AuditCheckpoint> checkpoint() {
        return transactions.execute(status -> {
            AuditCheckpoint newest = checkpoints.newest().checkpoint();
            ChainHead head = head();
            if (head.lastId() == 0 || (newest != null && newest.lastId() == head.lastId()
                    && AuditKey.sameHash(newest.lastHash(), head.lastHash()))) {
                return Optional.empty();
            }
            // only what the newest checkpoint does not cover yet: the events up to it are anchored by it already
            long after = newest == null ? 0 : newest.lastId();
            if (head.lastId() <= after) {
                throw new IllegalStateException("the audit trail was not checkpointed: " + (head.lastId() < after
                        ? "its head is at event " + head.lastId() + ", the newest checkpoint already covers event " + after
                        : "its head, event " + after + ", has another hash than the newest checkpoint gives it"));
            }
            ChainWalk walk = new ChainWalk(event -> AuditHash.of(event, key), after,
                    newest == null ? AuditHash.GENESIS : newest.lastHash(), null);
            streamingJdbc.query("SELECT " + COLUMNS + " FROM audit_event WHERE id > ? AND id <= ? ORDER BY id", walk,
                    after, head.lastId());
            ChainVerification since = walk.result(head, List.of());
            if (!since.valid()) {
                throw new IllegalStateException("the audit trail was not checkpointed: it does not verify since the"
                        + " checkpoint of event " + after + ": " + String.join("; ", since.problems()));
            }
            return Optional.of(checkpoints.write(head.lastId(), head.lastHash()));
        });
    }

    /**
     * @param firstBrokenId            the first event that is changed, missing or re-hashed; null when valid
     * @param checkpointedUpTo         the last event id of the newest checkpoint that verifies; null when there is none
     * @param checkpointedAt           when that checkpoint was written
     * @param eventsSinceCheckpoint    events after it, which only the key protects until the next checkpoint
     * @param checkpointedEventsMissing events the checkpoint covers that are no longer in the trail: its tail was cut
     *                                 off, perhaps with the head rewound to hide it
     * @param problems                 what is wrong, for people; empty when valid
     */
    public record ChainVerification(boolean valid, long events, Long firstBrokenId, Long checkpointedUpTo,
                                    Instant checkpointedAt, long eventsSinceCheckpoint, long checkpointedEventsMissing,
                                    List<String> problems) {
    }

    /** The one row of {@code audit_chain_head}: the newest event's id and hash. */
    record ChainHead(long lastId, String lastHash) {

        static final RowMapper<ChainHead> MAPPER =
                (rs, row) -> new ChainHead(rs.getLong("last_id"), rs.getString("last_hash"));
    }

    ChainHead head() {
        return jdbc.queryForObject("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1", ChainHead.MAPPER);
    }

    /** Checks events in id order, each against {@code hash} and the one before; remembers only the first problem. */
    static final class ChainWalk implements RowCallbackHandler {

        private final Function<AuditEvent, String> hash;
        private final AuditCheckpoint checkpoint;
        private String expectedPreviousHash;
        private long lastId;
        private long events;
        private Long firstBrokenId;
        private String firstProblem;
        private String checkpointedEventHash;

        /**
         * @param afterId    the event before the first one walked (0 for the whole chain), whose hash is {@code afterHash}
         * @param checkpoint to compare the event it covers with; null for none
         */
        ChainWalk(Function<AuditEvent, String> hash, long afterId, String afterHash, AuditCheckpoint checkpoint) {
            this.hash = hash;
            this.checkpoint = checkpoint;
            this.lastId = afterId;
            this.expectedPreviousHash = afterHash;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            AuditEvent event = event(rs, 0);
            events++;
            if (firstBrokenId == null) {
                if (event.id() != lastId + 1) {
                    broken(event.id(), events(lastId + 1, event.id() - 1, " is", " are") + " missing");
                } else if (!AuditKey.sameHash(expectedPreviousHash, event.previousHash())) {
                    broken(event.id(), "event " + event.id() + " does not chain to the event before it");
                } else if (!AuditKey.sameHash(hash.apply(event), event.hash())) {
                    broken(event.id(), "event " + event.id() + " does not match its hash: it was changed, or"
                            + " hashed without the audit key");
                }
            }
            if (checkpoint != null && event.id() == checkpoint.lastId()) {
                checkpointedEventHash = event.hash();
            }
            expectedPreviousHash = event.hash();
            lastId = event.id();
        }

        /** @param forgedCheckpoints checkpoint files that do not verify */
        ChainVerification result(ChainHead head, List<String> forgedCheckpoints) {
            if (firstBrokenId == null && lastId < head.lastId()) {
                // the newest events were cut off: report the first one the head still vouches for
                broken(lastId + 1, events(lastId + 1, head.lastId(), " is", " are") + " missing: the chain head"
                        + " vouches for them");
            } else if (firstBrokenId == null && !AuditKey.sameHash(expectedPreviousHash, head.lastHash())) {
                broken(lastId, "the chain head does not match event " + lastId + ": it was rewritten");
            }
            List<String> problems = new ArrayList<>(forgedCheckpoints);
            if (firstProblem != null) {
                problems.add(firstProblem);
            }
            if (checkpoint == null) {
                return new ChainVerification(problems.isEmpty(), events, firstBrokenId, null, null, events, 0, problems);
            }
            long checkpointed = checkpoint.lastId();
            long missing = Math.max(0, checkpointed - head.lastId());
            if (missing > 0) {
                brokenAtLeastAt(head.lastId() + 1, problems, events(head.lastId() + 1, checkpointed, " was", " were")
                        + " checkpointed at " + checkpoint.at() + " but gone: the chain ends at event " + head.lastId());
            } else if (checkpointedEventHash == null) {
                brokenAtLeastAt(checkpointed, problems, "event " + checkpointed + ", checkpointed at "
                        + checkpoint.at() + ", is missing");
            } else if (!AuditKey.sameHash(checkpoint.lastHash(), checkpointedEventHash)) {
                brokenAtLeastAt(checkpointed, problems, "event " + checkpointed + " does not have the hash"
                        + " checkpointed at " + checkpoint.at() + ": the chain up to it was rewritten");
            }
            return new ChainVerification(problems.isEmpty(), events, firstBrokenId, checkpointed, checkpoint.at(),
                    Math.max(0, head.lastId() - checkpointed), missing, problems);
        }

        private void broken(long id, String problem) {
            firstBrokenId = id;
            firstProblem = problem;
        }

        /** A checkpoint's finding moves the first broken id earlier, never later. */
        private void brokenAtLeastAt(long id, List<String> problems, String problem) {
            if (firstBrokenId == null || id < firstBrokenId) {
                firstBrokenId = id;
            }
            problems.add(problem);
        }

        /** "event 4 is" or "events 4..6 are" */
        private static String events(long first, long last, String singularVerb, String pluralVerb) {
            return first == last ? "event " + first + singularVerb : "events " + first + ".." + last + pluralVerb;
        }
    }

    static AuditEvent event(ResultSet rs, int row) throws SQLException {
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

    static AuditEvent withHash(AuditEvent e, String hash) {
        return new AuditEvent(e.id(), e.occurredAt(), e.actor(), e.action(), e.subject(), e.service(), e.trigger(),
                e.reason(), e.detail(), e.previousHash(), hash);
    }
}
