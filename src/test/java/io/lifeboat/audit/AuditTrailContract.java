package io.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.audit.AuditTrail.ChainVerification;

/**
 * The trail's behaviour on a real database, migrated by the real Flyway scripts. Subclasses supply a fresh, empty
 * database per test.
 *
 * <p>Tampering is done as an attacker with database access but without the key would: by direct SQL, recomputing
 * hashes with the old unkeyed scheme or a guessed key, and rewinding {@code audit_chain_head}.
 */
abstract class AuditTrailContract {

    /** What an attacker without the key might try: the project's old unkeyed hash, or a key of their own. */
    private static final Function<AuditEvent, String> UNKEYED = AuditHash::unkeyed;
    private static final AuditKey GUESSED_KEY = AuditKey.of("a-guess-at-the-audit-key-0123456789abcdef");

    @TempDir
    Path checkpointDir;
    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactionManager;
    private AuditCheckpoints checkpoints;
    private AuditTrail trail;

    /** A new, empty database. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSource dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).table("lifeboat_schema_history").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        checkpoints = TestAuditTrails.checkpoints(checkpointDir);
        trail = new AuditTrail(jdbc, transactionManager, TestAuditTrails.KEY, checkpoints);
    }

    @Test
    void anEmptyTrailIsValid() {
        assertThat(trail.verify()).isEqualTo(validWithoutCheckpoint(0));
    }

    @Test
    void appendedEventsFormAValidChainStartingFromZeros() {
        List<AuditEvent> appended = appendFive();

        assertThat(appended.get(0).previousHash()).isEqualTo("0".repeat(64));
        for (int i = 1; i < appended.size(); i++) {
            assertThat(appended.get(i).previousHash()).isEqualTo(appended.get(i - 1).hash());
        }
        assertThat(appended).extracting(AuditEvent::hash).allMatch(hash -> hash.matches("[0-9a-f]{64}")).doesNotHaveDuplicates();
        assertThat(trail.verify()).isEqualTo(validWithoutCheckpoint(5));
    }

    @Test
    void theHashesDependOnTheKey() {
        appendFive();
        AuditTrail otherKey = new AuditTrail(jdbc, transactionManager, GUESSED_KEY,
                new AuditCheckpoints(checkpointDir, GUESSED_KEY, Clock.systemUTC()));

        assertBroken(otherKey.verify(), 5, 1);
    }

    @Test
    void aRereadEventEqualsTheAppendedOneToTheMicrosecond() {
        List<AuditEvent> appended = appendFive();

        assertThat(trail.events(null, null)).containsExactlyElementsOf(appended);
    }

    @Test
    void aChangedFieldIsReportedAtItsRow() {
        List<AuditEvent> appended = appendFive();
        long third = appended.get(2).id();

        jdbc.update("UPDATE audit_event SET detail = 'nothing to see' WHERE id = ?", third);

        assertBroken(trail.verify(), 5, third);
    }

    @Test
    void aChangedTimestampIsReportedAtItsRow() {
        List<AuditEvent> appended = appendFive();
        long second = appended.get(1).id();

        jdbc.update("UPDATE audit_event SET occurred_at = ? WHERE id = ?",
                OffsetDateTime.parse("2020-01-01T00:00:00Z"), second);

        assertThat(trail.verify().firstBrokenId()).isEqualTo(second);
    }

    @Test
    void aHashRecomputedWithoutTheKeyIsReportedAtItsRowWithoutAnyCheckpoint() {
        List<AuditEvent> appended = appendFive();
        long third = appended.get(2).id();

        jdbc.update("UPDATE audit_event SET actor = 'someone-else' WHERE id = ?", third);
        rechainFrom(third, UNKEYED);

        assertBroken(trail.verify(), 5, third);
    }

    @Test
    void aChangedHashIsReportedAtItsRow() {
        List<AuditEvent> appended = appendFive();
        long fourth = appended.get(3).id();

        jdbc.update("UPDATE audit_event SET hash = ? WHERE id = ?", "f".repeat(64), fourth);

        assertBroken(trail.verify(), 5, fourth);
    }

    @Test
    void aRewrittenHeadIsReportedAtTheNewestRow() {
        List<AuditEvent> appended = appendFive();

        jdbc.update("UPDATE audit_chain_head SET last_hash = ? WHERE id = 1", "a".repeat(64));

        assertBroken(trail.verify(), 5, appended.get(4).id());
    }

    /**
     * The six ways of hiding what happened that the trail must catch, each on five events with a checkpoint of all
     * five, as {@link AuditCheckpointer} writes one every interval: 6 of 6 detected.
     */
    enum Tampering {
        /** A field changed in place, nothing recomputed. */
        CHANGED_ROW(3),
        /** The third event deleted and the fourth and fifth re-chained over the gap with a guessed key. */
        DELETED_MIDDLE_ROW(4),
        /** The second and third events' contents exchanged and everything from the second re-chained. */
        TWO_SWAPPED_ROWS(2),
        /** The newest event deleted, the head left as it was. */
        DELETED_NEWEST_ROW(5),
        /** The fourth and fifth events deleted and the head rewound to the third: a chain intact in itself. */
        TRUNCATED_TAIL_WITH_HEAD_REWOUND(4),
        /** The second event edited and the whole chain from it recomputed with the old unkeyed hash, head too. */
        REWRITTEN_CHAIN_FROM_EDITED_ROW(2);

        final long firstBrokenId;

        Tampering(long firstBrokenId) {
            this.firstBrokenId = firstBrokenId;
        }
    }

    @ParameterizedTest(name = "{0} is detected")
    @EnumSource(Tampering.class)
    void everyTamperingIsDetected(Tampering tampering) {
        appendFive();
        AuditCheckpoint genuine = trail.checkpoint().orElseThrow();
        assertThat(genuine.lastId()).isEqualTo(5);

        switch (tampering) {
            case CHANGED_ROW -> jdbc.update("UPDATE audit_event SET detail = 'nothing to see' WHERE id = 3");
            case DELETED_MIDDLE_ROW -> {
                jdbc.update("DELETE FROM audit_event WHERE id = 3");
                rechainFrom(4, GUESSED_KEY);
            }
            case TWO_SWAPPED_ROWS -> {
                swapContents(2, 3);
                rechainFrom(2, GUESSED_KEY);
            }
            case DELETED_NEWEST_ROW -> jdbc.update("DELETE FROM audit_event WHERE id = 5");
            case TRUNCATED_TAIL_WITH_HEAD_REWOUND -> {
                jdbc.update("DELETE FROM audit_event WHERE id > 3");
                rewindHeadTo(3);
            }
            case REWRITTEN_CHAIN_FROM_EDITED_ROW -> {
                jdbc.update("UPDATE audit_event SET actor = 'nobody', reason = NULL WHERE id = 2");
                rechainFrom(2, UNKEYED);
            }
        }

        ChainVerification verification = trail.verify();
        assertThat(verification.valid()).as("valid").isFalse();
        assertThat(verification.firstBrokenId()).as("firstBrokenId").isEqualTo(tampering.firstBrokenId);
        assertThat(verification.checkpointedUpTo()).isEqualTo(5);
        assertThat(verification.problems()).isNotEmpty();
        // the checkpointer either finds nothing new or refuses: the tampered trail never becomes the anchor
        catchThrowable(trail::checkpoint);
        assertThat(checkpoints.newest().checkpoint()).isEqualTo(genuine);
    }

    @Test
    void aTruncatedTailIsReportedAsCheckpointedButGone() {
        List<AuditEvent> appended = appendFive();
        AuditCheckpoint checkpoint = trail.checkpoint().orElseThrow();

        jdbc.update("DELETE FROM audit_event WHERE id > 3");
        rewindHeadTo(3);

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 3, 4L, 5L, checkpoint.at(), 0, 2,
                List.of("events 4..5 were checkpointed at " + checkpoint.at() + " but gone: the chain ends at event 3")));
        assertThat(checkpoint.lastHash()).isEqualTo(appended.get(4).hash());
        assertThatThrownBy(trail::checkpoint).hasMessage("the audit trail was not checkpointed: its head is at event 3,"
                + " the newest checkpoint already covers event 5");
    }

    @Test
    void aCheckpointCoversTheHeadAndLaterEventsAreCountedAsSinceIt() throws Exception {
        List<AuditEvent> appended = appendFive();
        AuditCheckpoint checkpoint = trail.checkpoint().orElseThrow();
        trail.append(record("backup/bk-later", "crm"));
        trail.append(record("backup/bk-later", "crm"));

        assertThat(trail.verify()).isEqualTo(new ChainVerification(true, 7, null, 5L, checkpoint.at(), 2, 0, List.of()));
        try (var files = Files.list(checkpointDir)) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(1);
            Path file = written.get(0);
            assertThat(file.getFileName().toString()).startsWith("checkpoint-0000000000000000005-").endsWith(".json");
            JsonNode json = new ObjectMapper().readTree(file.toFile());
            assertThat(json.get("lastId").asLong()).isEqualTo(5);
            assertThat(json.get("lastHash").asText()).isEqualTo(appended.get(4).hash());
            assertThat(json.get("at").asText()).isEqualTo(checkpoint.at().toString());
            assertThat(json.get("signature").asText()).matches("[0-9a-f]{64}").isEqualTo(checkpoint.signature());
        }
    }

    @Test
    void aCheckpointIsWrittenOnlyWhenThereIsSomethingNew() throws Exception {
        assertThat(trail.checkpoint()).as("nothing to anchor in an empty trail").isEmpty();
        appendFive();
        assertThat(trail.checkpoint()).isPresent();
        assertThat(trail.checkpoint()).isEmpty();
        trail.append(record("backup/bk-later", "crm"));

        assertThat(trail.checkpoint()).get().extracting(AuditCheckpoint::lastId).isEqualTo(6L);
        try (var files = Files.list(checkpointDir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void aCheckpointWhoseSignatureFailsIsReportedAsTampering() throws Exception {
        appendFive();
        AuditCheckpoint genuine = trail.checkpoint().orElseThrow();
        trail.append(record("backup/bk-later", "crm"));
        // someone who can write the directory but has no key moves the anchor on to a rewritten sixth event
        Path forged = checkpointDir.resolve("checkpoint-0000000000000000006-1.json");
        Files.writeString(forged, "{\"lastId\": 6, \"lastHash\": \"" + "b".repeat(64) + "\", \"at\": \""
                + genuine.at() + "\", \"signature\": \"" + genuine.signature() + "\"}");

        ChainVerification verification = trail.verify();

        assertThat(verification.valid()).isFalse();
        assertThat(verification.problems()).containsExactly(
                "checkpoint checkpoint-0000000000000000006-1.json has a signature that does not match its content");
        assertThat(verification.checkpointedUpTo()).as("the newest genuine checkpoint still counts").isEqualTo(5);
        assertThat(verification.eventsSinceCheckpoint()).isEqualTo(1);
    }

    @Test
    void eventsAppendedAfterTheCheckpointAreCheckedWhenTheNextOneIsWritten() {
        appendFive();
        trail.checkpoint().orElseThrow();
        trail.append(record("backup/bk-6", "crm"));
        trail.append(record("backup/bk-7", "crm"));
        jdbc.update("UPDATE audit_event SET detail = 'edited' WHERE id = 6");

        assertThatThrownBy(trail::checkpoint).isInstanceOf(IllegalStateException.class)
                .hasMessage("the audit trail was not checkpointed: it does not verify since the checkpoint of event 5:"
                        + " event 6 does not match its hash: it was changed, or hashed without the audit key");
        assertThat(checkpoints.newest().checkpoint().lastId()).isEqualTo(5);
    }

    @Test
    void anIntactTrailHashedWithoutTheKeyIsRechainedOnceAndSaysSo() throws Exception {
        DataSource upgraded = databaseWithUnkeyedTrail(false);
        AuditTrail keyed = TestAuditTrails.on(upgraded, new DataSourceTransactionManager(upgraded), checkpointDir);
        List<AuditEvent> unkeyed = keyed.events(null, null);
        assertThat(keyed.verify().firstBrokenId()).as("unkeyed hashes do not verify with the key").isEqualTo(1);

        AuditEvent outcome = upgrade(upgraded, keyed).orElseThrow();

        assertThat(outcome.id()).isEqualTo(4);
        assertThat(outcome.actor()).isEqualTo("system:audit");
        assertThat(outcome.action()).isEqualTo("audit.rechained");
        assertThat(outcome.detail()).startsWith("events 1..3 were hashed without a key (lifeboat-audit-v1), found intact")
                .contains("the old head was " + unkeyed.get(2).hash());
        assertThat(keyed.verify()).isEqualTo(new ChainVerification(true, 4, null, 4L,
                checkpoints.newest().checkpoint().at(), 0, 0, List.of()));
        List<AuditEvent> rechained = keyed.events(null, null).subList(0, 3);
        assertThat(rechained).extracting(AuditEvent::detail).containsExactlyElementsOf(
                unkeyed.stream().map(AuditEvent::detail).toList());
        assertThat(rechained).extracting(AuditEvent::hash).doesNotContainAnyElementsOf(
                unkeyed.stream().map(AuditEvent::hash).toList());
        assertThat(upgrade(upgraded, keyed)).as("once only").isEmpty();
    }

    @Test
    void aBrokenTrailHashedWithoutTheKeyIsLeftAsItIsAndStaysInvalid() throws Exception {
        DataSource upgraded = databaseWithUnkeyedTrail(true);
        AuditTrail keyed = TestAuditTrails.on(upgraded, new DataSourceTransactionManager(upgraded), checkpointDir);
        List<String> hashesBefore = keyed.events(null, null).stream().map(AuditEvent::hash).toList();

        AuditEvent outcome = upgrade(upgraded, keyed).orElseThrow();

        assertThat(outcome.action()).isEqualTo("audit.rechain-refused");
        assertThat(outcome.detail()).isEqualTo("events 1..3 were hashed without a key (lifeboat-audit-v1) and were not"
                + " re-chained: the unkeyed chain is broken: event 2 does not match its hash: it was changed, or hashed"
                + " without the audit key");
        assertThat(keyed.events(null, null).subList(0, 3)).extracting(AuditEvent::hash).containsExactlyElementsOf(hashesBefore);
        assertThat(keyed.verify().firstBrokenId()).isEqualTo(1);
        assertThat(checkpoints.newest().checkpoint()).isNull();
    }

    @Test
    void aRechainRequestPlantedInAKeyedTrailIsRefused() {
        appendFive();
        trail.checkpoint().orElseThrow();
        // an attacker rewrites the trail the old way and asks for it to be re-chained at the next start
        jdbc.update("UPDATE audit_event SET detail = 'rewritten' WHERE id = 2");
        rechainFrom(1, UNKEYED);
        jdbc.update("INSERT INTO audit_legacy_chain (id, last_id) VALUES (1, 5)");

        AuditEvent outcome = upgrade(null, trail).orElseThrow();

        assertThat(outcome.action()).isEqualTo("audit.rechain-refused");
        assertThat(outcome.detail()).endsWith("audit checkpoints exist in " + checkpointDir.toAbsolutePath().normalize()
                + ", so the trail was keyed already");
        assertThat(trail.verify().firstBrokenId()).isEqualTo(1);
    }

    @Test
    void aTrailBegunWithTheKeyIsNeverRechained() {
        appendFive();

        assertThat(upgrade(null, trail)).isEmpty();
        assertThat(trail.verify()).isEqualTo(validWithoutCheckpoint(5));
    }

    @Test
    void concurrentAppendsNeverForkTheChain() throws Exception {
        int threads = 6;
        int perThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> writers = IntStream.range(0, threads)
                    .<Callable<Void>>mapToObj(writer -> () -> {
                        for (int i = 0; i < perThread; i++) {
                            trail.append(new AuditRecord("writer-" + writer, "test.concurrent", "test/" + i,
                                    null, "api", null, null));
                        }
                        return null;
                    })
                    .toList();
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(trail.verify()).isEqualTo(validWithoutCheckpoint(threads * perThread));
        assertThat(trail.events(null, null)).extracting(AuditEvent::previousHash).doesNotHaveDuplicates();
    }

    @Test
    void anAppendRollsBackWithTheCallersTransaction() {
        appendFive();

        TransactionTemplate callers = new TransactionTemplate(transactionManager);
        callers.executeWithoutResult(status -> {
            trail.append(new AuditRecord("operator", "backup.requested", "backup/bk-rolled-back", "crm", "api",
                    null, null));
            status.setRollbackOnly();
        });

        assertThat(trail.events("backup/bk-rolled-back", null)).isEmpty();
        assertThat(trail.append(record("backup/bk-after", "crm")).id()).isEqualTo(6);
        assertThat(trail.verify()).isEqualTo(validWithoutCheckpoint(6));
    }

    @Test
    void eventsAreFilteredBySubjectAndService() {
        trail.append(record("backup/bk-1", "crm"));
        trail.append(record("backup/bk-2", "knowledge-base"));
        trail.append(record("backup/bk-1", "crm"));
        trail.append(record("service/crm", "crm"));

        assertThat(trail.events("backup/bk-1", null)).extracting(AuditEvent::id).containsExactly(1L, 3L);
        assertThat(trail.events(null, "crm")).extracting(AuditEvent::id).containsExactly(1L, 3L, 4L);
        assertThat(trail.events("service/crm", "crm")).extracting(AuditEvent::id).containsExactly(4L);
        assertThat(trail.events("backup/bk-2", "crm")).isEmpty();
        assertThat(trail.events(null, null)).hasSize(4);
    }

    @Test
    void aBareIdFindsItsSubjectOfAnyKindAndNothingThatMerelyLooksLikeIt() {
        trail.append(record("backup/bk-1", "crm"));
        trail.append(record("hold/bk-1", "crm"));
        trail.append(record("backup/xbk-1", "crm"));
        trail.append(record("backup/bk_1", "crm"));
        trail.append(record("backup/bk-1/extra", "crm"));

        assertThat(trail.events("bk-1", null)).extracting(AuditEvent::id).containsExactly(1L, 2L);
        // LIKE's wildcards in an id are taken literally
        assertThat(trail.events("bk_1", null)).extracting(AuditEvent::id).containsExactly(4L);
        assertThat(trail.events("bk%", null)).isEmpty();
    }

    @Test
    void aRecordWithoutActorIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> trail.append(new AuditRecord(" ", "backup.requested", null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'actor'");
        assertThatThrownBy(() -> trail.append(new AuditRecord("operator", "backup.failed", null, null, null, null,
                "x".repeat(4001))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'detail'");

        assertThat(trail.verify()).isEqualTo(validWithoutCheckpoint(0));
    }

    private List<AuditEvent> appendFive() {
        List<AuditEvent> appended = new ArrayList<>();
        appended.add(trail.append(new AuditRecord("system:scheduler", "backup.requested", "backup/bk-1", "crm",
                "schedule", "daily policy", null)));
        appended.add(trail.append(new AuditRecord("system:engine", "backup.succeeded", "backup/bk-1", "crm",
                "schedule", null, "12 files, 3.1 MiB")));
        appended.add(trail.append(new AuditRecord("commander", "backup.requested", "backup/bk-2", "ticket-db",
                "incident", "INC-42: disk errors", "ünïcödé and ; separators: 3:abc;")));
        appended.add(trail.append(new AuditRecord("system:engine", "backup.failed", "backup/bk-2", "ticket-db",
                "incident", null, "")));
        appended.add(trail.append(new AuditRecord("operator", "backup.retried", "backup/bk-2", "ticket-db",
                "api", "retry after fix", null)));
        return appended;
    }

    private static AuditRecord record(String subject, String service) {
        return new AuditRecord("operator", "test.filtered", subject, service, "api", null, null);
    }

    /** @param database null for this test's */
    private Optional<AuditEvent> upgrade(DataSource database, AuditTrail on) {
        DataSource target = database == null ? jdbc.getDataSource() : database;
        return new LegacyChainUpgrade(new JdbcTemplate(target), new DataSourceTransactionManager(target),
                TestAuditTrails.KEY, checkpoints, on).upgrade();
    }

    /**
     * A second database as a Lifeboat before the audit key left it: migrated up to V8, three events hashed with the
     * unkeyed scheme (the second changed afterwards when {@code broken}), then migrated on.
     */
    private DataSource databaseWithUnkeyedTrail(boolean broken) throws Exception {
        DataSource database = freshDatabase();
        Flyway.configure().dataSource(database).table("lifeboat_schema_history").target("8").load().migrate();
        JdbcTemplate old = new JdbcTemplate(database);
        String previousHash = AuditHash.GENESIS;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int id = 1; id <= 3; id++) {
            AuditEvent event = new AuditEvent(id, at.plusSeconds(id), "operator", "backup.requested", "backup/bk-" + id,
                    "crm", "api", null, "before the key " + id, previousHash, null);
            String hash = AuditHash.unkeyed(event);
            old.update("INSERT INTO audit_event (" + AuditTrail.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC), event.actor(), event.action(),
                    event.subject(), event.service(), event.trigger(), event.reason(), event.detail(), previousHash, hash);
            old.update("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1", id, hash);
            previousHash = hash;
        }
        if (broken) {
            old.update("UPDATE audit_event SET detail = 'changed before the upgrade' WHERE id = 2");
        }
        Flyway.configure().dataSource(database).table("lifeboat_schema_history").load().migrate();
        return database;
    }

    /** Without a checkpoint, every event is one the key alone protects. */
    private static ChainVerification validWithoutCheckpoint(long events) {
        return new ChainVerification(true, events, null, null, null, events, 0, List.of());
    }

    private static void assertBroken(ChainVerification verification, long events, long firstBrokenId) {
        assertThat(verification.valid()).as("valid").isFalse();
        assertThat(verification.events()).as("events").isEqualTo(events);
        assertThat(verification.firstBrokenId()).as("firstBrokenId").isEqualTo(firstBrokenId);
        assertThat(verification.problems()).hasSize(1);
    }

    private void rechainFrom(long fromId, AuditKey attackersKey) {
        rechainFrom(fromId, event -> AuditHash.of(event, attackersKey));
    }

    /**
     * As an attacker would cover their tracks: every event from {@code fromId} on re-linked to the one before it and
     * re-hashed with {@code hash}, and the head moved to the new last hash.
     */
    private void rechainFrom(long fromId, Function<AuditEvent, String> hash) {
        String previousHash = AuditHash.GENESIS;
        for (AuditEvent event : trail.events(null, null)) {
            if (event.id() >= fromId) {
                AuditEvent relinked = new AuditEvent(event.id(), event.occurredAt(), event.actor(), event.action(),
                        event.subject(), event.service(), event.trigger(), event.reason(), event.detail(),
                        previousHash, null);
                jdbc.update("UPDATE audit_event SET previous_hash = ?, hash = ? WHERE id = ?",
                        previousHash, hash.apply(relinked), event.id());
                previousHash = hash.apply(relinked);
            } else {
                previousHash = event.hash();
            }
        }
        jdbc.update("UPDATE audit_chain_head SET last_hash = ? WHERE id = 1", previousHash);
    }

    /** Exchanges every field but the id (the primary key) between two events. */
    private void swapContents(long first, long second) {
        AuditEvent a = trail.events(null, null).stream().filter(e -> e.id() == first).findFirst().orElseThrow();
        AuditEvent b = trail.events(null, null).stream().filter(e -> e.id() == second).findFirst().orElseThrow();
        overwrite(first, b);
        overwrite(second, a);
    }

    private void overwrite(long id, AuditEvent with) {
        jdbc.update("UPDATE audit_event SET occurred_at = ?, actor = ?, action = ?, subject = ?, service = ?,"
                        + " trigger_kind = ?, reason = ?, detail = ?, previous_hash = ?, hash = ? WHERE id = ?",
                OffsetDateTime.ofInstant(with.occurredAt(), ZoneOffset.UTC), with.actor(), with.action(),
                with.subject(), with.service(), with.trigger(), with.reason(), with.detail(), with.previousHash(),
                with.hash(), id);
    }

    private void rewindHeadTo(long id) {
        jdbc.update("UPDATE audit_chain_head SET last_id = ?, last_hash = (SELECT hash FROM audit_event WHERE id = ?)"
                + " WHERE id = 1", id, id);
    }
}
