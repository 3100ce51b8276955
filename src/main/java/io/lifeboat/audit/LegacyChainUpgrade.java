package io.lifeboat.audit;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.audit.AuditTrail.ChainHead;
import io.lifeboat.audit.AuditTrail.ChainVerification;
import io.lifeboat.audit.AuditTrail.ChainWalk;

/**
 * Moves a trail written before the audit key existed (hashed with the unkeyed {@code lifeboat-audit-v1}) onto the
 * key, once, at start-up: {@code V9__audit_legacy_chain.sql} recorded how far it went. Nothing happens silently:
 *
 * <ul>
 * <li>an intact old chain is re-hashed with the key in one transaction, and the event {@code audit.rechained} says
 * how many events and what the old head was. The key protects those events only from then on;</li>
 * <li>a broken old chain is left exactly as it is and {@code audit.rechain-refused} says where it breaks; the trail
 * then stays invalid from its first event, as it should: re-chaining it would launder the tampering;</li>
 * <li>when a checkpoint exists the trail was keyed already, so the record cannot be the migration's: it is refused
 * the same way, which stops anyone with database access from having a rewritten trail re-chained.</li>
 * </ul>
 *
 * <p>Runs as its bean is initialised, after Flyway and before anything is appended or checkpointed (the scheduler
 * starts once every bean is ready).
 */
@Component
public class LegacyChainUpgrade implements InitializingBean {

    static final String ACTOR = "system:audit";
    private static final String RECHAINED = "audit.rechained";

    private static final Logger LOG = LoggerFactory.getLogger(LegacyChainUpgrade.class);
    private static final int PAGE = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuditKey key;
    private final AuditCheckpoints checkpoints;
    private final AuditTrail trail;

    public LegacyChainUpgrade(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AuditKey key,
                              AuditCheckpoints checkpoints, AuditTrail trail) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.key = key;
        this.checkpoints = checkpoints;
        this.trail = trail;
    }

    @Override
    public void afterPropertiesSet() {
        upgrade();
    }

    /** @return the event that reports what was done; empty when there was no unkeyed trail */
    Optional<AuditEvent> upgrade() {
        Optional<AuditEvent> outcome = transactions.execute(status -> {
            List<Long> recorded = jdbc.queryForList("SELECT last_id FROM audit_legacy_chain WHERE id = 1 FOR UPDATE",
                    Long.class);
            if (recorded.isEmpty()) {
                return Optional.<AuditEvent>empty();
            }
            long legacyLastId = recorded.get(0);
            jdbc.update("DELETE FROM audit_legacy_chain WHERE id = 1");
            String refusal = refusal(legacyLastId);
            if (refusal != null) {
                LOG.error("The audit trail's events 1..{}, hashed without a key, were not re-chained: {}",
                        legacyLastId, refusal);
                return Optional.of(trail.append(new AuditRecord(ACTOR, "audit.rechain-refused", "audit/chain", null,
                        "upgrade", null, "events 1.." + legacyLastId + " were hashed without a key"
                        + " (lifeboat-audit-v1) and were not re-chained: " + refusal)));
            }
            String oldHead = trail.head().lastHash();
            rehash(legacyLastId);
            LOG.warn("The audit trail's events 1..{}, hashed without a key, were intact and are now chained with it",
                    legacyLastId);
            return Optional.of(trail.append(new AuditRecord(ACTOR, RECHAINED, "audit/chain", null, "upgrade",
                    null, "events 1.." + legacyLastId + " were hashed without a key (lifeboat-audit-v1), found"
                    + " intact and re-chained with the audit key; the old head was " + oldHead + ". Before this,"
                    + " anyone with database access could have rewritten them undetected.")));
        });
        if (outcome.filter(event -> event.action().equals(RECHAINED)).isPresent()) {
            // anchor the new chain at once rather than at the first scheduled checkpoint
            trail.checkpoint();
        }
        return outcome;
    }

    /** Why the recorded trail must not be re-chained; null when it may. */
    private String refusal(long legacyLastId) {
        if (checkpoints.newest().checkpoint() != null) {
            return "audit checkpoints exist in " + checkpoints.dir() + ", so the trail was keyed already";
        }
        ChainHead head = trail.head();
        if (head.lastId() != legacyLastId) {
            return "the chain head is at event " + head.lastId() + ", not at the last unkeyed event";
        }
        ChainWalk walk = new ChainWalk(AuditHash::unkeyed, 0, AuditHash.GENESIS, null);
        jdbc.query("SELECT " + AuditTrail.COLUMNS + " FROM audit_event WHERE id <= ? ORDER BY id", walk, legacyLastId);
        ChainVerification old = walk.result(head, List.of());
        return old.valid() ? null : "the unkeyed chain is broken: " + String.join("; ", old.problems());
    }

    /** Re-hashes events 1..lastId in id order, a page at a time, each chained to the one re-hashed before it. */
    private void rehash(long lastId) {
        String previousHash = AuditHash.GENESIS;
        long after = 0;
        // the unkeyed chain was just found complete from 1 to lastId, so every page holds events
        while (after < lastId) {
            List<AuditEvent> page = jdbc.query("SELECT " + AuditTrail.COLUMNS + " FROM audit_event"
                    + " WHERE id > ? AND id <= ? ORDER BY id LIMIT " + PAGE, AuditTrail::event, after, lastId);
            for (AuditEvent old : page) {
                AuditEvent chained = new AuditEvent(old.id(), old.occurredAt(), old.actor(), old.action(),
                        old.subject(), old.service(), old.trigger(), old.reason(), old.detail(), previousHash, null);
                String hash = AuditHash.of(chained, key);
                jdbc.update("UPDATE audit_event SET previous_hash = ?, hash = ? WHERE id = ?", previousHash, hash, old.id());
                previousHash = hash;
                after = old.id();
            }
        }
        jdbc.update("UPDATE audit_chain_head SET last_hash = ? WHERE id = 1", previousHash);
    }
}
